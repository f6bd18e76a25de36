using System.Reflection;
using GraphQL;
using GraphQL.Types;
using PoaPlatform.Abstractions.Editing;
using PoaPlatform.Domain.Model;
using PoaPlatform.Grains.Actions;
using PoaPlatform.Server.Actions;

namespace PoaPlatform.Server.Tests;

/// <summary>The domain records are the one list of an action's fields; every layer that names fields again must name
/// them all. A field added to <see cref="PoaAction"/> or <see cref="Activity"/> fails here until the update input,
/// the GraphQL type, the path kinds and the renderer that finds and audits changes know it.</summary>
public class ActionFieldCoverageTests
{
    /// <summary>Fields not edited through updateAction / updateActivity, and why.</summary>
    private static readonly Dictionary<string, string> s_editedElsewhere = new(StringComparer.Ordinal)
    {
        ["Number"] = "the action's key: fixed when the action is created",
        ["Activities"] = "addActivity, updateActivity, removeActivity",
        ["Id"] = "given by the action, never edited",
        ["AnnualTarget"] = "setMonthlyTargets: the sum of the months",
        ["Monthly"] = "setMonthlyTargets",
    };

    public static TheoryData<string> ActionFields() => [.. Fields<PoaAction>()];

    public static TheoryData<string> ActivityFields() => [.. Fields<Activity>()];

    [Theory]
    [MemberData(nameof(ActionFields))]
    public void EveryFieldOfAnActionIsInTheUpdateInputTheGraphQLTypeThePathsAndTheRenderer(string field)
    {
        var name = Camel(field);
        if (!s_editedElsewhere.ContainsKey(field))
            Assert.Contains(name, Names(new UpdateActionInputType()));
        Assert.Contains(name, Names(new ActionType()));
        if (field is "Number" or "Activities")
            return;
        var kind = Enum.Parse<FieldKind>(field);
        var before = Action();
        var after = Changed(before, field);
        Assert.Equal([FieldPath.Of(kind)], ActionContent.Differences(Content(before), Content(after)));
        Assert.NotEqual(Content(before).Describe(FieldPath.Of(kind)), Content(after).Describe(FieldPath.Of(kind)));
    }

    [Theory]
    [MemberData(nameof(ActivityFields))]
    public void EveryFieldOfAnActivityIsInTheUpdateInputTheGraphQLTypeThePathsAndTheRenderer(string field)
    {
        var name = Camel(field);
        if (!s_editedElsewhere.ContainsKey(field))
            Assert.Contains(name, Names(new UpdateActivityInputType()));
        Assert.Contains(field == "Monthly" ? "monthlyTargets" : name, Names(new ActivityType()));
        if (field == "Id")
            return;
        var activity = Action().Activities[0];
        var before = Action();
        var after = before with { Activities = [Changed(activity, field)] };
        var expected = field == "Monthly" ? FieldPath.Target(1, 1) : FieldPath.Of(Enum.Parse<FieldKind>("Activity" + field), 1);
        Assert.Equal([expected], ActionContent.Differences(Content(before), Content(after)));
        Assert.NotEqual(Content(before).Describe(expected), Content(after).Describe(expected));
    }

    private static IEnumerable<string> Fields<T>() =>
        typeof(T).GetConstructors().Single(c => c.GetParameters().Length > 1).GetParameters().Select(p => Capital(p.Name!));

    private static PoaAction Action() => new(1, "Acción", ["Eje"], "Meta", "Objetivo", "Estrategia", "Propósito", new Beneficiaries(1, 2), 100m,
        [new BudgetItem("3821")], [new Activity(1, "Actividad", "Área", "Piezas", "Número", 10m, 12m, new MonthlyValues(Enumerable.Repeat(1m, 12)))]);

    private static ActionContent Content(PoaAction action) => new(action, [], 2);

    /// <summary>A copy of a record with one constructor argument replaced by another value of its type.</summary>
    private static T Changed<T>(T record, string field)
    {
        var constructor = typeof(T).GetConstructors().Single(c => c.GetParameters().Length > 1);
        var arguments = constructor.GetParameters().Select(p =>
        {
            var value = typeof(T).GetProperty(Capital(p.Name!))!.GetValue(record);
            return Capital(p.Name!) == field ? Other(value, p.ParameterType) : value;
        }).ToArray();
        return (T)constructor.Invoke(arguments);
    }

    private static object? Other(object? value, Type type) => value switch
    {
        null when type == typeof(IndicatorSheet) => new IndicatorSheet(Definition: "Definida"),
        null when type == typeof(string) => "fism-df",
        IndicatorSheet sheet => sheet with { Assumptions = sheet.Assumptions + " (cambiado)" },
        string text => text + " (cambiado)",
        int number => number + 1,
        decimal amount => amount + 1,
        Beneficiaries people => new Beneficiaries(people.Men + 1, people.Women),
        MonthlyValues months => months.With(1, months.OfMonth(1) + 1),
        IReadOnlyList<string> texts => texts.Append("Otro").ToArray(),
        IReadOnlyList<BudgetItem> items => items.Append(new BudgetItem("2211")).ToArray(),
        _ => throw new InvalidOperationException($"No other value for {value?.GetType()}: teach the test this field's type."),
    };

    /// <summary>Field names as the schema shows them (fields declared by expression are camel-cased when the schema initializes).</summary>
    private static HashSet<string> Names(IComplexGraphType type) => type.Fields.Select(f => Camel(f.Name)).ToHashSet(StringComparer.Ordinal);

    private static string Camel(string name) => char.ToLowerInvariant(name[0]) + name[1..];

    private static string Capital(string name) => char.ToUpperInvariant(name[0]) + name[1..];
}
