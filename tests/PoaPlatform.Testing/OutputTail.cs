using System.Diagnostics;
using System.Text;

namespace PoaPlatform.Testing;

/// <summary>The tail of a child process's standard output and error, line by line: enough to explain a failure without
/// holding a whole run in memory.</summary>
public sealed class OutputTail
{
    private const int Keep = 200_000;
    private readonly StringBuilder _text = new();

    /// <summary>Collects both streams of <paramref name="process"/> (before it starts reading them).</summary>
    public void Follow(Process process)
    {
        ArgumentNullException.ThrowIfNull(process);
        process.OutputDataReceived += (_, e) => Append(e.Data);
        process.ErrorDataReceived += (_, e) => Append(e.Data);
    }

    public override string ToString()
    {
        lock (_text)
            return _text.ToString();
    }

    private void Append(string? line)
    {
        if (line is null)
            return;
        lock (_text)
        {
            if (_text.Length > Keep)
                _text.Remove(0, Keep / 2);
            _text.AppendLine(line);
        }
    }
}
