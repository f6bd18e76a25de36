namespace PoaPlatform.Domain.Model;

/// <summary>A partida presupuestal: a 4-digit code of the CONAC expense classifier.</summary>
[GenerateSerializer, Immutable, Alias("poa.BudgetItem")]
public sealed record BudgetItem([property: Id(0)] string Code)
{
    /// <summary>True for four digits whose first is 1..9 (chapters 1000..9000).</summary>
    public bool IsValid => Code.Length == 4 && Code.All(char.IsAsciiDigit) && Code[0] != '0';

    /// <summary>The CONAC chapter: first digit × 1000; 0 when the code is not valid.</summary>
    public int Chapter => IsValid ? (Code[0] - '0') * 1000 : 0;

    public string ChapterName => ConacChapters.NameOf(Chapter);

    public override string ToString() => Code;
}

/// <summary>The chapters (capítulos) of the CONAC Clasificador por Objeto del Gasto.</summary>
public static class ConacChapters
{
    public static readonly IReadOnlyDictionary<int, string> Names = new Dictionary<int, string>
    {
        [1000] = "Servicios Personales",
        [2000] = "Materiales y Suministros",
        [3000] = "Servicios Generales",
        [4000] = "Transferencias, Asignaciones, Subsidios y Otras Ayudas",
        [5000] = "Bienes Muebles, Inmuebles e Intangibles",
        [6000] = "Inversión Pública",
        [7000] = "Inversiones Financieras y Otras Provisiones",
        [8000] = "Participaciones y Aportaciones",
        [9000] = "Deuda Pública",
    };

    public static string NameOf(int chapter) => Names.TryGetValue(chapter, out var name) ? name : "Sin capítulo";
}
