using PoaPlatform.Bench;
using PoaPlatform.Bench.Consolidation;
using PoaPlatform.Bench.Editing;
using PoaPlatform.Bench.Generation;
using PoaPlatform.Bench.Hostile;
using PoaPlatform.Bench.Import;
using PoaPlatform.Bench.Memory;
using PoaPlatform.Bench.Xlsx;

// One executable, one subcommand per benchmark; see bench/README.md.
if (args.Length == 0 || args[0] is "-h" or "--help" or "help")
{
    Console.WriteLine("""
        PoaPlatform.Bench <command> [--option value ...]
          generate       write a synthetic city (--departments 40 --actions 25 --activities 8 --seed 2021 --output FILE)
          consolidation  city totals over HTTP at 1, 8, 32 clients vs. a fan-out to every action grain (SQLite)
          editing        reportProgress at 1, 16, 64 clients on PostgreSQL (durable) vs. pgbench, and on SQLite
          import         POST /import of the default and the large city (--large-departments 400, 0: none) into fresh servers on
                         SQLite and durable PostgreSQL (--storage sqlite,postgresql), then each server restarted: the cold start
          memory         bytes per active action grain and for the whole city (in-process silo, SQLite)
          xlsx           .xlsx import beside text (MB/s, rows/s, peak heap), the two libraries, upload of 400 departments (--upload-departments)
          heavy          the totals query's p99 while 4 clients send the heaviest documents the limits allow (SQLite)
          sockets        server memory with 200 WebSockets that subscribe and never read (--sockets-duration 60)
          all            every benchmark above, one after the other
        Common: --duration 10 --warmup 3 (seconds per client count), --clients 1,8,32, --markdown FILE, --targets FILE
        Large city in `all`: --large-departments 400, consolidation --large-clients 1,8 --large-duration 5 --large-warmup 2 --large-prewarm 8
        """);
    return 0;
}

var options = new BenchOptions(args.Skip(1));
return args[0] switch
{
    "generate" => GenerateCommand.Run(options),
    "consolidation" => await ConsolidationBenchmark.RunAsync(options),
    "editing" => await EditingBenchmark.RunAsync(options),
    "import" => await ImportBenchmark.RunAsync(options),
    "memory" => await MemoryBenchmark.RunAsync(options),
    "xlsx" => await XlsxBenchmark.RunAsync(options),
    "heavy" => await HeavyDocumentsBenchmark.RunAsync(options),
    "sockets" => await SilentSocketsBenchmark.RunAsync(options),
    "all" => await AllCommand.RunAsync(options),
    _ => Usage(args[0]),
};

static int Usage(string command)
{
    Console.Error.WriteLine($"Unknown command '{command}'; run with --help.");
    return 2;
}
