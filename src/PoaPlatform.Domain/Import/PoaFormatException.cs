namespace PoaPlatform.Domain.Import;

/// <summary>Text that cannot be read as a POA. Says where (line, column) and what (the offending value).</summary>
public sealed class PoaFormatException : Exception
{
    public PoaFormatException(string message, int line, int column, string? value = null)
        : base(Describe(message, line, column, value))
    {
        Line = line;
        Column = column;
        Value = value;
        Reason = message;
    }

    public PoaFormatException() : this("The text is not a POA.", 0, 0) { }

    public PoaFormatException(string message) : this(message, 0, 0) { }

    public PoaFormatException(string message, Exception innerException) : base(message, innerException) => Reason = message;

    /// <summary>1-based line of the source text.</summary>
    public int Line { get; }

    /// <summary>1-based column (tab-separated cell) of the source text.</summary>
    public int Column { get; }

    public string? Value { get; }

    /// <summary>The message without its location.</summary>
    public string Reason { get; } = "";

    private static string Describe(string message, int line, int column, string? value) =>
        value is null ? $"line {line}, column {column}: {message}" : $"line {line}, column {column}: {message} (found \"{value}\")";
}
