namespace PoaPlatform.Domain.Import;

/// <summary>Input that cannot be read as a POA. Says where (line and column, or sheet and cell) and what (the offending value).</summary>
public sealed class PoaFormatException : Exception
{
    public PoaFormatException(string message, CellPlace place, string? value = null)
        : base(Describe(message, place, value))
    {
        Place = place;
        Value = value;
        Reason = message;
    }

    public PoaFormatException(string message, int line, int column, string? value = null)
        : this(message, new CellPlace(null, line, column), value)
    {
    }

    public PoaFormatException() : this("The text is not a POA.", 0, 0) { }

    /// <summary>A problem with the file as a whole (its encoding, a damaged workbook): no place in it.</summary>
    public PoaFormatException(string message) : base(message) => Reason = message;

    public PoaFormatException(string message, Exception innerException) : base(message, innerException) => Reason = message;

    /// <summary>Where the offending cell starts; line and column 0 when the problem is the whole file.</summary>
    public CellPlace Place { get; }

    /// <summary>1-based line of the source text, or row of the sheet.</summary>
    public int Line => Place.Line;

    /// <summary>1-based column (tab-separated cell of the text, A = 1 in a sheet).</summary>
    public int Column => Place.Column;

    /// <summary>The worksheet, for a workbook; null for text.</summary>
    public string? Sheet => Place.Sheet;

    public string? Value { get; }

    /// <summary>The message without its location.</summary>
    public string Reason { get; } = "";

    private static string Describe(string message, CellPlace place, string? value) =>
        value is null ? $"{place}: {message}" : $"{place}: {message} (found \"{value}\")";
}
