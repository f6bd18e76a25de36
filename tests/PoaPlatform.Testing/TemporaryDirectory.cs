using Microsoft.Data.Sqlite;

namespace PoaPlatform.Testing;

/// <summary>
/// A new, empty directory under the system's temp folder for one test or fixture, deleted with everything in it when
/// disposed, so that repeated test runs do not fill the disk. Dispose it after whatever writes into it (a server, a
/// silo, a database connection) has stopped: the SQLite connections that stopped stores leave in the pool, which keep
/// their files open, are closed first.
/// <para>
/// Deleting never fails the test: a file that a process still shutting down holds or writes is retried a few times,
/// briefly, and then the directory is left as it is.
/// </para>
/// </summary>
public sealed class TemporaryDirectory : IDisposable
{
    private const int Attempts = 5;

    /// <summary>Creates the directory, named <paramref name="prefix"/> followed by random characters.</summary>
    public TemporaryDirectory(string prefix) => Path = Directory.CreateTempSubdirectory(prefix).FullName;

    /// <summary>The full path of the directory.</summary>
    public string Path { get; }

    /// <summary>The path of <paramref name="name"/> inside the directory; nothing is created.</summary>
    public string File(string name) => System.IO.Path.Combine(Path, name);

    /// <summary>Creates <paramref name="name"/> inside the directory and returns its path: for example the temp folder
    /// of a child process (<c>TMPDIR</c>) whose leftovers go with this directory.</summary>
    public string Subdirectory(string name) => Directory.CreateDirectory(File(name)).FullName;

    /// <summary>Deletes the directory and everything in it; idempotent.</summary>
    public void Dispose()
    {
        // Idle pooled connections close now; one still in use closes when it is closed, instead of going back to the pool.
        SqliteConnection.ClearAllPools();
        for (var attempt = 1; ; attempt++)
        {
            try
            {
                if (Directory.Exists(Path))
                    Directory.Delete(Path, recursive: true);
                return;
            }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException)
            {
                if (attempt == Attempts)
                    return;
                Thread.Sleep(100 * attempt);
            }
        }
    }
}
