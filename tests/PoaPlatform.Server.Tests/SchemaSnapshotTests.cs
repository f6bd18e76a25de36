using System.Runtime.CompilerServices;

namespace PoaPlatform.Server.Tests;

/// <summary>The schema is a contract with the pages and the CLI: a change to it must be deliberate.</summary>
[Collection(ServerCollection.Name)]
public sealed class SchemaSnapshotTests(PoaServerFactory server)
{
    [Fact]
    public async Task TheSchemaEqualsTheCheckedInSnapshot()
    {
        var actual = Normalize(await server.CreateClient().GetStringAsync("/graphql/schema.graphql"));
        var path = SnapshotPath();
        if (Environment.GetEnvironmentVariable("UPDATE_SNAPSHOTS") == "1")
        {
            await File.WriteAllTextAsync(path, actual);
            return;
        }
        Assert.True(File.Exists(path), $"No snapshot at {path}; run the tests once with UPDATE_SNAPSHOTS=1.");
        var expected = Normalize(await File.ReadAllTextAsync(path));
        Assert.True(expected == actual, "The schema changed. If that is intended, run the tests with UPDATE_SNAPSHOTS=1 and commit schema.graphql.\n" + Diff(expected, actual));
    }

    private static string Normalize(string text) => text.ReplaceLineEndings("\n").TrimEnd() + "\n";

    /// <summary>The lines only one side has, with their line numbers: enough to see what changed.</summary>
    private static string Diff(string expected, string actual)
    {
        var before = expected.Split('\n');
        var after = actual.Split('\n');
        var removed = before.Select((line, i) => (line, i)).Where(x => !after.Contains(x.line)).Select(x => $"- {x.i + 1}: {x.line}");
        var added = after.Select((line, i) => (line, i)).Where(x => !before.Contains(x.line)).Select(x => $"+ {x.i + 1}: {x.line}");
        return string.Join('\n', removed.Concat(added).Take(80));
    }

    private static string SnapshotPath([CallerFilePath] string source = "") => Path.Combine(Path.GetDirectoryName(source)!, "schema.graphql");
}
