using Microsoft.Data.Sqlite;
using PoaPlatform.Persistence;

namespace PoaPlatform.Bench.Hosting;

/// <summary>
/// The durability settings of the SQLite database a server used, read after that server stopped. <c>journal_mode</c>
/// is stored in the file (WAL, set by the migrator); <c>synchronous</c> belongs to each connection, so it is read on
/// connections opened as the server opens them: one with the server's connection string (<c>StorageTarget.Sqlite</c>,
/// what the Orleans ADO.NET storage opens) and one through <c>StorageTarget.OpenConnectionAsync</c> (what the audit and
/// the other stores open, with whatever it sets on a connection). Both come from the same Persistence and
/// Microsoft.Data.Sqlite build as the server.
/// </summary>
public static class SqliteSettings
{
    public static async Task<string> ReadAsync(string databaseFile)
    {
        if (!File.Exists(databaseFile))
            throw new FileNotFoundException($"No SQLite database at {databaseFile}.");
        var target = StorageTarget.Sqlite(databaseFile);
        try
        {
            string plain, opened;
            await using (var connection = new SqliteConnection(target.ConnectionString))
            {
                await connection.OpenAsync();
                plain = await PragmasAsync(connection);
            }
            await using (var connection = await target.OpenConnectionAsync())
                opened = await PragmasAsync(connection);
            return plain == opened
                ? $"{plain} (read from the server's file after it stopped, on connections opened as the server opens them)"
                : $"{plain} on a connection with the server's connection string (the Orleans storage), {opened} through StorageTarget.OpenConnectionAsync (read from the server's file after it stopped)";
        }
        finally
        {
            SqliteConnection.ClearAllPools();
        }
    }

    private static async Task<string> PragmasAsync(System.Data.Common.DbConnection connection)
    {
        var values = new List<string>();
        foreach (var pragma in (string[])["journal_mode", "synchronous"])
        {
            await using var command = connection.CreateCommand();
#pragma warning disable CA2100 // constant names
            command.CommandText = "PRAGMA " + pragma;
#pragma warning restore CA2100
            var value = Convert.ToString(await command.ExecuteScalarAsync(), System.Globalization.CultureInfo.InvariantCulture);
            if (pragma == "synchronous")
                value = value switch { "0" => "OFF (0)", "1" => "NORMAL (1)", "2" => "FULL (2)", "3" => "EXTRA (3)", _ => value };
            values.Add($"{pragma}={value}");
        }
        return string.Join(", ", values);
    }
}
