using PoaPlatform.Testing;

namespace PoaPlatform.Domain.Tests;

/// <summary>Small crafted edits of the seed, addressed by 1-based line number as an editor shows them.</summary>
internal static class SeedEdits
{
    public static string Edit(Func<string[], string[]> edit) => string.Join('\n', edit(Samples.SeedLines));

    public static string ReplaceOnLine(int line, string oldValue, string newValue) => Edit(lines =>
    {
        Assert.Contains(oldValue, lines[line - 1], StringComparison.Ordinal);
        lines[line - 1] = lines[line - 1].Replace(oldValue, newValue, StringComparison.Ordinal);
        return lines;
    });

    public static int LineStartingWith(string prefix) =>
        Array.FindIndex(Samples.SeedLines, l => l.StartsWith(prefix, StringComparison.Ordinal)) + 1;
}
