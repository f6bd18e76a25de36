namespace PoaPlatform.Domain.Model;

/// <summary>A Programa Operativo Anual as read from one file: a fiscal year and the departments it programs.</summary>
[GenerateSerializer, Immutable, Alias("poa.PoaDocument")]
public sealed record PoaDocument(
    [property: Id(0)] int Year,
    [property: Id(1)] IReadOnlyList<Department> Departments,
    [property: Id(2)] IReadOnlyList<Finding> Findings)
{
    public PoaTotals Totals => PoaTotals.Of(Departments.SelectMany(d => d.Actions));
}

/// <summary>Figures that add up over a set of actions: what the city and each department report.</summary>
public sealed record PoaTotals(decimal Investment, int Actions, int Activities, long BeneficiariesMen, long BeneficiariesWomen)
{
    public static PoaTotals Of(IEnumerable<PoaAction> actions)
    {
        ArgumentNullException.ThrowIfNull(actions);
        var investments = new List<decimal>();
        int count = 0, activities = 0;
        long men = 0, women = 0;
        foreach (var action in actions)
        {
            investments.Add(action.Investment);
            count++;
            activities += action.Activities.Count;
            men += action.Beneficiaries.Men;
            women += action.Beneficiaries.Women;
        }
        // A document read before the rules checked it may hold amounts whose sum a decimal cannot hold.
        return new PoaTotals(Sums.Saturating(investments), count, activities, men, women);
    }
}
