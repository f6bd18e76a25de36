namespace PoaPlatform.Abstractions;

/// <summary>References to the platform's grains by key, made without reflection.</summary>
/// <remarks>Orleans' <c>GetGrain&lt;T&gt;(string)</c> resolves the grain interface type of <typeparamref name="T"/> from its
/// attributes on every call (Orleans 10.4 keeps no cache of it): some 4% of the processor in an import, which asks for
/// a reference per action several times. Here the grain type and the interface type are resolved by Orleans once per
/// interface, on the first call, and every reference after it is made from them and the key.</remarks>
public static class GrainReferences
{
    public static T Grain<T>(this IGrainFactory grains, string key) where T : IGrainWithStringKey
    {
        ArgumentNullException.ThrowIfNull(grains);
        if (Types<T>.Resolved is { } types)
            return (T)grains.GetGrain(GrainId.Create(types.Grain, key), types.Interface);
        var reference = grains.GetGrain<T>(key);
        var resolved = (GrainReference)(object)reference;
        Types<T>.Resolved = new ResolvedTypes(resolved.GrainId.Type, resolved.InterfaceType);
        return reference;
    }

    private sealed record ResolvedTypes(GrainType Grain, GrainInterfaceType Interface);

    private static class Types<T>
    {
        public static ResolvedTypes? Resolved;
    }
}
