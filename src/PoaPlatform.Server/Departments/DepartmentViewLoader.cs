using System.Collections.Concurrent;
using PoaPlatform.Abstractions;
using PoaPlatform.Abstractions.Departments;

namespace PoaPlatform.Server.Departments;

/// <summary>Per request: each department grain's view is asked once, however many fields need it.</summary>
public sealed class DepartmentViewLoader(IGrainFactory grains)
{
    private readonly ConcurrentDictionary<string, Lazy<Task<DepartmentView>>> _views = new(StringComparer.Ordinal);

    public Task<DepartmentView> LoadAsync(string departmentKey) =>
        _views.GetOrAdd(departmentKey, key => new Lazy<Task<DepartmentView>>(() => grains.Grain<IDepartmentGrain>(key).GetViewAsync())).Value;

    /// <summary>The views of several departments, asked together.</summary>
    public Task<DepartmentView[]> LoadAsync(IEnumerable<string> departmentKeys) => Task.WhenAll(departmentKeys.Select(LoadAsync));

    /// <summary>Drops what a command changed, so the payload that follows it reads fresh figures.</summary>
    public void Forget(string departmentKey) => _views.TryRemove(departmentKey, out _);
}
