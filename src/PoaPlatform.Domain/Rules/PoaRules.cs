using System.Globalization;

namespace PoaPlatform.Domain.Rules;

/// <summary>What a value breaks and how to fix it. <see cref="Field"/> names the input field (<c>name</c>,
/// <c>activities[2].investment</c>, <c>month</c>, ...).</summary>
public sealed record RuleViolation(string Field, string Message);

/// <summary>
/// The rules every POA value obeys, whichever way it arrives: a GraphQL command, an import (text or spreadsheet), the
/// CLI. Each check returns the first violation, or null. An invalid CONAC code is not a violation but a finding
/// (<see cref="FindingCodes.InvalidBudgetItem"/>) on every path: offices write what their budget office gave them, and
/// the POA keeps it and flags it rather than refusing the action (docs/decisions/0006).
/// </summary>
/// <remarks>The ranges and counts are chosen so that no roll-up can overflow or round: with every value inside them,
/// a POA's sums have at most 27 significant digits, which <see cref="decimal"/> holds exactly (docs/decisions/0007).</remarks>
public static class PoaRules
{
    /// <summary>Fiscal years the platform accepts.</summary>
    public const int MinYear = 1980;

    public const int MaxYear = 2100;

    /// <summary>Action numbers are 1 to this.</summary>
    public const int MaxActionNumber = 99_999;

    /// <summary>The largest amount in pesos of any one value (an investment, a month's spending): 10¹³, above the
    /// whole federal budget of Mexico.</summary>
    public const decimal MaxMoney = 10_000_000_000_000m;

    /// <summary>Pesos and centavos.</summary>
    public const int MoneyDecimals = 2;

    /// <summary>The largest quantity (a target, an achievement, an annual target): 10¹².</summary>
    public const decimal MaxQuantity = 1_000_000_000_000m;

    /// <summary>Quantities may be fractional (0.25 km, 33.3333 %), to four decimals.</summary>
    public const int QuantityDecimals = 4;

    /// <summary>Men, and women, one action may declare: 10⁸, most of the country.</summary>
    public const int MaxBeneficiaries = 100_000_000;

    public const int MaxAxesPerAction = 10;

    public const int MaxActivitiesPerAction = 100;

    public const int MaxBudgetItemsPerAction = 50;

    public const int MaxActionsPerDepartment = 500;

    /// <summary>Departments one POA may have (200 until 0017: a benchmark city has 400, and a roll-up snapshot makes
    /// a large city's cold start cheap).</summary>
    public const int MaxDepartmentsPerPoa = 1000;

    /// <summary>The longest text of any field (goal, objective, strategy, purpose); the others have their own.</summary>
    public const int MaxTextLength = 4000;

    public const int MaxNameLength = 500;

    public const int MaxAxisLength = 200;

    public const int MaxBudgetItemLength = 16;

    public const int MaxActivityDescriptionLength = 2000;

    public const int MaxResponsibleAreaLength = 300;

    public const int MaxUnitLength = 100;

    public const int MaxIndicatorLength = 500;

    public const int MaxNoteLength = 2000;

    /// <summary>The key of a funding source of the catalogue (<c>FISM-DF</c>, <c>recursos-propios</c>, ...).</summary>
    public const int MaxFundingSourceLength = 40;

    public const int MaxDepartmentNameLength = 200;

    /// <summary>A municipality's slug ("heroica-ciudad-de-juchitan-de-zaragoza" has 38).</summary>
    public const int MaxMunicipalitySlugLength = 60;

    /// <summary>A department's slug comes from its name, so it is at most as long.</summary>
    public const int MaxDepartmentSlugLength = MaxDepartmentNameLength;

    public static RuleViolation? Year(int year) =>
        year is < MinYear or > MaxYear
            ? new("year", $"The year {year} is outside {MinYear} to {MaxYear}; give the fiscal year of the POA, e.g. 2021.")
            : null;

    public static RuleViolation? ActionNumber(int number) =>
        number is < 1 or > MaxActionNumber
            ? new("number", $"The action number is {Count(number)}; number actions from 1 to {Count(MaxActionNumber)}.")
            : null;

    /// <summary>A municipality as a request names it: its slug must be short and not empty.</summary>
    public static RuleViolation? Municipality(string municipality)
    {
        ArgumentNullException.ThrowIfNull(municipality);
        if (Malformed("municipality", municipality) is { } malformed)
            return malformed;
        var slug = Slugs.From(municipality);
        if (slug.Length == 0)
            return new("municipality", "Name the municipality by its slug, e.g. \"zacatecas\".");
        return slug.Length > MaxMunicipalitySlugLength
            ? new("municipality", $"The municipality's slug has {Count(slug.Length)} characters; a slug has at most {MaxMunicipalitySlugLength}.")
            : null;
    }

    /// <summary>A department as a command names it (its slug or its name).</summary>
    public static RuleViolation? DepartmentReference(string department)
    {
        ArgumentNullException.ThrowIfNull(department);
        if (Malformed("department", department) is { } malformed)
            return malformed;
        if (department.Length > MaxDepartmentNameLength)
            return TooLong("department", department.Length, MaxDepartmentNameLength);
        return Slugs.From(department).Length == 0 ? new("department", "Name the department by its slug or its name.") : null;
    }

    /// <summary>A department's name as a document gives it.</summary>
    public static RuleViolation? DepartmentName(string name)
    {
        ArgumentNullException.ThrowIfNull(name);
        if (Malformed("department", name) is { } malformed)
            return malformed;
        if (name.Length > MaxDepartmentNameLength)
            return TooLong("department", name.Length, MaxDepartmentNameLength);
        return Slugs.From(name).Length == 0 ? new("department", $"The department \"{name}\" has no letters or digits to name it by.") : null;
    }

    /// <summary>An action with its activities, as a create, an update (the action after it) or an import leaves it.</summary>
    public static RuleViolation? Action(PoaAction action)
    {
        ArgumentNullException.ThrowIfNull(action);
        var error = ActionNumber(action.Number)
            ?? Required("name", action.Name, "An action needs a name.")
            ?? Text("name", action.Name, MaxNameLength)
            ?? Text("goal", action.Goal, MaxTextLength)
            ?? Text("objective", action.Objective, MaxTextLength)
            ?? Text("strategy", action.Strategy, MaxTextLength)
            ?? Text("purpose", action.Purpose, MaxTextLength)
            ?? Entries("axes", action.Axes.Count, MaxAxesPerAction, "axes")
            ?? Each(action.Axes, (axis, i) => Text($"axes[{i}]", axis, MaxAxisLength))
            ?? Entries("budgetItems", action.BudgetItems.Count, MaxBudgetItemsPerAction, "budget items")
            ?? Each(action.BudgetItems, (item, i) => Text($"budgetItems[{i}]", item.Code, MaxBudgetItemLength))
            ?? Money("investment", action.Investment)
            ?? Beneficiaries(action.Beneficiaries)
            ?? Text("indicator", action.Indicator, MaxIndicatorLength)
            ?? Sheet(action.IndicatorSheet, "")
            ?? Entries("activities", action.Activities.Count, MaxActivitiesPerAction, "activities");
        if (error is not null)
            return error;
        var ids = new HashSet<int>(action.Activities.Count);
        for (var i = 0; i < action.Activities.Count; i++)
        {
            var activity = action.Activities[i];
            if (!ids.Add(activity.Id))
                return new($"activities[{i}].id", $"Activity id {activity.Id} is given twice; each activity of an action has its own id.");
            if (Activity(activity, new FieldPrefix("activities", i)) is { } invalid)
                return invalid;
        }
        return null;
    }

    /// <summary>One activity; <paramref name="prefix"/> places its fields within a larger input.</summary>
    public static RuleViolation? Activity(Activity activity, string prefix = "") => Activity(activity, new FieldPrefix(prefix));

    private static RuleViolation? Activity(Activity activity, FieldPrefix prefix)
    {
        ArgumentNullException.ThrowIfNull(activity);
        var error = Required(prefix.Field("description"), activity.Description, "An activity needs a description.")
            ?? Text(prefix.Field("description"), activity.Description, MaxActivityDescriptionLength)
            ?? Text(prefix.Field("responsibleArea"), activity.ResponsibleArea, MaxResponsibleAreaLength)
            ?? Text(prefix.Field("unit"), activity.Unit, MaxUnitLength)
            ?? Text(prefix.Field("indicator"), activity.Indicator, MaxIndicatorLength)
            ?? Sheet(activity.IndicatorSheet, prefix)
            ?? (activity.FundingSource is { } source ? Text(prefix.Field("fundingSource"), source, MaxFundingSourceLength) : null)
            ?? Money(prefix.Field("investment"), activity.Investment)
            ?? Quantity(prefix.Field("annualTarget"), activity.AnnualTarget);
        for (var m = 1; error is null && m <= 12; m++)
            error = Quantity(prefix.Field("monthlyTargets", m), activity.Monthly.OfMonth(m));
        return error;
    }

    /// <summary>Twelve monthly targets, ENE..DIC, as an input gives them (none is twelve zeros).</summary>
    public static RuleViolation? MonthlyTargets(IReadOnlyList<decimal>? months, string field = "monthlyTargets")
    {
        if (months is null)
            return null;
        if (months.Count != 12)
            return new(field, $"{field} has twelve values, ENE..DIC; {Count(months.Count)} were given.");
        for (var m = 1; m <= 12; m++)
        {
            if (Quantity($"{field}[{Model.Month.Name(m)}]", months[m - 1]) is { } invalid)
                return invalid;
        }
        return null;
    }

    public static RuleViolation? Month(int month) =>
        Model.Month.IsValid(month) ? null : new("month", $"Month {month} is outside 1 (ENE) to 12 (DIC).");

    /// <summary>Targets for some months of an activity: each month once, each within the range of quantities.</summary>
    public static RuleViolation? Targets(IReadOnlyList<MonthValue> targets)
    {
        ArgumentNullException.ThrowIfNull(targets);
        if (targets.Count == 0)
            return new("targets", "Give at least one month and its target.");
        if (targets.Count > 12)
            return new("targets", $"targets has {Count(targets.Count)} entries; a year has 12 months, give each once.");
        var seen = new HashSet<int>();
        foreach (var target in targets)
        {
            if (Month(target.Month) is { } month)
                return month;
            if (!seen.Add(target.Month))
                return new("month", $"Month {target.Month} ({Model.Month.Name(target.Month)}) is given twice; give each month once.");
            if (Quantity($"targets[{Model.Month.Name(target.Month)}]", target.Value) is { } invalid)
                return invalid;
        }
        return null;
    }

    public static RuleViolation? Progress(MonthProgress report)
    {
        ArgumentNullException.ThrowIfNull(report);
        return Month(report.Month)
            ?? Quantity("achieved", report.Achieved)
            ?? MonthProgress.Moments.Select(m => Money(MomentField(m), report.Of(m))).FirstOrDefault(v => v is not null)
            ?? (report.Note is null ? null : Text("note", report.Note, MaxNoteLength));
    }

    /// <summary>The input field of a moment of expenditure: approved, modified, committed, accrued, exercised, paid.</summary>
    public static string MomentField(BudgetMoment moment) => moment switch
    {
        BudgetMoment.Approved => "approved",
        BudgetMoment.Modified => "modified",
        BudgetMoment.Committed => "committed",
        BudgetMoment.Accrued => "accrued",
        BudgetMoment.Exercised => "exercised",
        _ => "paid",
    };

    /// <summary>An indicator sheet's texts, bounded like the other texts of the programming.</summary>
    public static RuleViolation? Sheet(IndicatorSheet? sheet, string prefix) => Sheet(sheet, new FieldPrefix(prefix));

    private static RuleViolation? Sheet(IndicatorSheet? sheet, FieldPrefix prefix)
    {
        if (sheet is null)
            return null;
        return Text(prefix.Field("indicatorSheet.definition"), sheet.Definition, MaxTextLength)
            ?? Text(prefix.Field("indicatorSheet.method"), sheet.Method, MaxTextLength)
            ?? Text(prefix.Field("indicatorSheet.numerator"), sheet.Numerator, MaxIndicatorLength)
            ?? Text(prefix.Field("indicatorSheet.denominator"), sheet.Denominator, MaxIndicatorLength)
            ?? Text(prefix.Field("indicatorSheet.unit"), sheet.Unit, MaxUnitLength)
            ?? Text(prefix.Field("indicatorSheet.meansOfVerification"), sheet.MeansOfVerification, MaxTextLength)
            ?? Text(prefix.Field("indicatorSheet.assumptions"), sheet.Assumptions, MaxTextLength)
            ?? (sheet.BaselineValue is { } value ? Quantity(prefix.Field("indicatorSheet.baselineValue"), value) : null)
            ?? (sheet.BaselineYear is { } year && (year < MinYear || year > MaxYear)
                ? new RuleViolation(prefix.Field("indicatorSheet.baselineYear").ToString(), $"The baseline year {year} is outside {MinYear}–{MaxYear}.")
                : null);
    }

    /// <summary>
    /// What of a read document cannot be stored, with its place: departments beyond <see cref="MaxDepartmentsPerPoa"/>
    /// or with a name that breaks the rules, actions beyond <see cref="MaxActionsPerDepartment"/> in a department, and
    /// every action that breaks <see cref="Action(PoaAction)"/>. The rest of the document can be stored as it is.
    /// </summary>
    public static IReadOnlyList<DocumentViolation> Document(PoaDocument document)
    {
        ArgumentNullException.ThrowIfNull(document);
        var violations = new List<DocumentViolation>();
        var slugs = new List<string>();
        for (var d = 0; d < document.Departments.Count; d++)
        {
            var department = document.Departments[d];
            if (DepartmentName(department.Name) is { } badName)
            {
                violations.Add(new DocumentViolation(d, Shorten(department.Name), null, badName.Field, badName.Message));
                continue;
            }
            // Two blocks of one department in a file are one department.
            if (!slugs.Contains(department.Slug))
            {
                if (slugs.Count >= MaxDepartmentsPerPoa)
                {
                    violations.Add(new DocumentViolation(d, department.Name, null, "department",
                        $"The document names more than {MaxDepartmentsPerPoa} departments; \"{Shorten(department.Name)}\" is beyond them. Split the POA or join departments."));
                    continue;
                }
                slugs.Add(department.Slug);
            }
            var numbers = new HashSet<int>();
            foreach (var action in department.Actions)
            {
                // A number given twice is a DUPLICATE_ACTION finding; the first is the one stored.
                if (!numbers.Add(action.Number))
                    continue;
                if (numbers.Count > MaxActionsPerDepartment)
                {
                    violations.Add(new DocumentViolation(d, department.Name, action.Number, "number",
                        $"\"{department.Name}\" has more than {MaxActionsPerDepartment} actions; action {action.Number} is beyond them."));
                    continue;
                }
                if (Action(action) is { } invalid)
                    violations.Add(new DocumentViolation(d, department.Name, action.Number, invalid.Field, $"\"{department.Name}\", action {action.Number}: {invalid.Message}"));
            }
        }
        return violations;
    }

    /// <summary>A violation of <paramref name="field"/>, its message the field's name and then <paramref name="what"/>.</summary>
    private static RuleViolation Broken(FieldName field, string what)
    {
        var name = field.ToString();
        return new(name, $"{name} {what}");
    }

    private static RuleViolation? Required(FieldName field, string value, string message) =>
        string.IsNullOrWhiteSpace(value) ? new(field.ToString(), message) : null;

    private static RuleViolation? Money(FieldName field, decimal amount)
    {
        if (amount < 0)
            return Broken(field, $"is {Number(amount)}; an amount in pesos cannot be negative.");
        if (amount > MaxMoney)
            return Broken(field, $"is {Number(amount)}; an amount in pesos is at most {Number(MaxMoney)} (10¹³).");
        return Decimals(field, amount, MoneyDecimals, "an amount in pesos has at most 2 (centavos)");
    }

    private static RuleViolation? Quantity(FieldName field, decimal quantity)
    {
        if (quantity < 0)
            return Broken(field, $"is {Number(quantity)}; a quantity cannot be negative.");
        if (quantity > MaxQuantity)
            return Broken(field, $"is {Number(quantity)}; a quantity is at most {Number(MaxQuantity)} (10¹²).");
        return Decimals(field, quantity, QuantityDecimals, QuantityRule);
    }

    private static readonly string QuantityRule = $"a quantity has at most {QuantityDecimals}";

    private static RuleViolation? Decimals(FieldName field, decimal value, int most, string rule)
    {
        var decimals = Scale(value);
        return decimals > most ? Broken(field, $"is {Number(value)}, with {decimals} decimals; {rule}.") : null;
    }

    /// <summary>Significant decimals: 1.50 has one.</summary>
    private static int Scale(decimal value) => (value / 1.0000000000000000000000000000m).Scale;

    private static RuleViolation? Beneficiaries(Beneficiaries beneficiaries)
    {
        if (beneficiaries.Men < 0 || beneficiaries.Women < 0)
            return new("beneficiaries", $"Beneficiaries {beneficiaries} include a negative number; give men and women as 0 or more.");
        return beneficiaries.Men > MaxBeneficiaries || beneficiaries.Women > MaxBeneficiaries
            ? new("beneficiaries", $"Beneficiaries {beneficiaries}: men and women are each at most {Count(MaxBeneficiaries)}.")
            : null;
    }

    private static RuleViolation? Entries(string field, int count, int most, string what) =>
        count > most ? new(field, $"{field} has {Count(count)} entries; an action has at most {most} {what}.") : null;

    private static RuleViolation? Each<T>(IReadOnlyList<T> items, Func<T, int, RuleViolation?> check)
    {
        for (var i = 0; i < items.Count; i++)
        {
            if (check(items[i], i) is { } violation)
                return violation;
        }
        return null;
    }

    /// <summary>A text of at most <paramref name="most"/> characters that can be stored and sent: valid Unicode, no NUL.</summary>
    public static RuleViolation? Text(string field, string value, int most) => Text(new FieldName(field), value, most);

    private static RuleViolation? Text(FieldName field, string value, int most) =>
        value.Length > most ? TooLong(field, value.Length, most) : Malformed(field, value);

    private static RuleViolation TooLong(FieldName field, int length, int most) =>
        Broken(field, $"has {Count(length)} characters; keep it to {Count(most)}.");

    /// <summary>Text that is not Unicode (half of a surrogate pair) cannot be stored, compared or sent as JSON; a NUL
    /// character cannot be stored in a PostgreSQL text column (the audit trail, comments, accounts).</summary>
    private static RuleViolation? Malformed(FieldName field, string value)
    {
        for (var i = 0; i < value.Length; i++)
        {
            var c = value[i];
            if (c == '\0')
                return Broken(field, $"has a NUL character (U+0000) at character {i + 1}; remove it.");
            if (char.IsHighSurrogate(c) && i + 1 < value.Length && char.IsLowSurrogate(value[i + 1]))
            {
                i++;
                continue;
            }
            if (char.IsSurrogate(c))
                return Broken(field, $"has an unpaired surrogate (U+{(int)c:X4}) at character {i + 1}; send the text as valid Unicode.");
        }
        return null;
    }

    private static string Shorten(string text) => text.Length <= 60 ? text : string.Concat(text.AsSpan(0, 57), "...");

    private static string Number(decimal value) => value.ToString("#,##0.############################", CultureInfo.InvariantCulture);

    private static string Count(int value) => value.ToString("#,##0", CultureInfo.InvariantCulture);

    /// <summary>Where the fields of an activity sit in an input: a text (<c>activities[2].</c>, or none) or a list and
    /// an index whose text is made only when a field breaks a rule. Checking a valid action makes no field names.</summary>
    private readonly struct FieldPrefix
    {
        private readonly string _text;
        private readonly int _index;

        public FieldPrefix(string text) => (_text, _index) = (text, -1);

        public FieldPrefix(string list, int index) => (_text, _index) = (list, index);

        public FieldName Field(string name, int month = 0) => new(this, name, month);

        public override string ToString() => _index < 0 ? _text : string.Create(CultureInfo.InvariantCulture, $"{_text}[{_index}].");
    }

    /// <summary>A field's name as a violation reports it (<c>activities[2].monthlyTargets[MAR]</c>), made into text only
    /// when it is reported.</summary>
    private readonly struct FieldName(FieldPrefix prefix, string name, int month = 0)
    {
        public FieldName(string name) : this(new FieldPrefix(""), name)
        {
        }

        public static implicit operator FieldName(string name) => new(name);

        public override string ToString() => month == 0
            ? prefix.ToString() + name
            : $"{prefix}{name}[{Model.Month.Name(month)}]";
    }
}

/// <summary>A part of a read document that cannot be stored: its department (its place in the document and its name,
/// shortened when it is too long to repeat), the action number when it is an action, the field and why. Without an
/// action number the whole department is refused.</summary>
public sealed record DocumentViolation(int DepartmentIndex, string Department, int? ActionNumber, string Field, string Message);
