using System.Globalization;

namespace PoaPlatform.Domain.Model;

/// <summary>Pesos written as Mexican readers expect them: $7,458,446.61.</summary>
public static class Money
{
    // Built by hand rather than from CultureInfo("es-MX") so output is the same with or without ICU data.
    public static readonly NumberFormatInfo MexicanPesos = new()
    {
        CurrencySymbol = "$",
        CurrencyDecimalDigits = 2,
        CurrencyDecimalSeparator = ".",
        CurrencyGroupSeparator = ",",
        CurrencyGroupSizes = [3],
        CurrencyPositivePattern = 0,
        CurrencyNegativePattern = 1,
        NumberDecimalSeparator = ".",
        NumberGroupSeparator = ",",
        NegativeSign = "-",
    };

    public static string Format(decimal amount) => amount.ToString("C2", MexicanPesos);
}
