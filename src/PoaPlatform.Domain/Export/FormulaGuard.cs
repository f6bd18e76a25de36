namespace PoaPlatform.Domain.Export;

/// <summary>
/// Keeps exported text from running as a formula when a spreadsheet opens it (OWASP, CSV injection): a text that starts
/// with =, +, -, @, a tab or a carriage return is prefixed with a single quote in CSV, and stored with Excel's quote
/// prefix (the cell stays text when edited) in a workbook. Numbers are never touched: they are written as numbers.
/// </summary>
public static class FormulaGuard
{
    /// <summary>True when a spreadsheet could take the text for a formula.</summary>
    public static bool IsDangerous(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        return text.Length > 0 && text[0] is '=' or '+' or '-' or '@' or '\t' or '\r';
    }

    /// <summary>The text as a CSV cell may carry it: with a leading single quote when it is dangerous.</summary>
    public static string Neutralise(string text) => IsDangerous(text) ? "'" + text : text;
}
