namespace PoaPlatform.Grains.Actions;

/// <summary>Input checks of action commands: each failure says what is wrong, where, and how to fix it.</summary>
internal static class ActionValidation
{
    public const int MaxTextLength = 4000;

    public static CommandError? Fields(ActionFields fields, int keyNumber) =>
        fields.Number != keyNumber
            ? Invalid("number", $"The action number {fields.Number} does not match the action's key number {keyNumber}.")
            : string.IsNullOrWhiteSpace(fields.Name)
                ? Invalid("name", "An action needs a name.")
                : FirstError(
                    Texts(("name", fields.Name), ("goal", fields.Goal), ("objective", fields.Objective), ("strategy", fields.Strategy), ("purpose", fields.Purpose)),
                    Money("investment", fields.Investment),
                    Beneficiaries(fields.Beneficiaries),
                    BudgetItems(fields.BudgetItems));

    public static CommandError? Update(ActionFieldsUpdate update) => FirstError(
        update.Name is not null && string.IsNullOrWhiteSpace(update.Name) ? Invalid("name", "An action needs a name.") : null,
        Texts(("name", update.Name), ("goal", update.Goal), ("objective", update.Objective), ("strategy", update.Strategy), ("purpose", update.Purpose)),
        update.Investment is { } investment ? Money("investment", investment) : null,
        update.Beneficiaries is { } beneficiaries ? Beneficiaries(beneficiaries) : null,
        update.BudgetItems is { } items ? BudgetItems(items) : null);

    public static CommandError? Activity(Activity activity) => FirstError(
        string.IsNullOrWhiteSpace(activity.Description) ? Invalid("description", "An activity needs a description.") : null,
        Texts(("description", activity.Description), ("responsibleArea", activity.ResponsibleArea), ("unit", activity.Unit), ("indicator", activity.Indicator)),
        Money("investment", activity.Investment),
        Quantity("annualTarget", activity.AnnualTarget),
        activity.Monthly.Select((v, i) => Quantity($"monthlyTargets[{Month.Name(i + 1)}]", v)).FirstOrDefault(e => e is not null));

    public static CommandError? ActivityUpdate(ActivityUpdate update) => FirstError(
        update.Description is not null && string.IsNullOrWhiteSpace(update.Description) ? Invalid("description", "An activity needs a description.") : null,
        Texts(("description", update.Description), ("responsibleArea", update.ResponsibleArea), ("unit", update.Unit), ("indicator", update.Indicator)),
        update.Investment is { } investment ? Money("investment", investment) : null);

    public static CommandError? Targets(IReadOnlyList<MonthValue> targets)
    {
        if (targets.Count == 0)
            return Invalid("targets", "Give at least one month and its target.");
        var seen = new HashSet<int>();
        foreach (var target in targets)
        {
            if (!Month.IsValid(target.Month))
                return Invalid("month", $"Month {target.Month} is outside 1 (ENE) to 12 (DIC).");
            if (!seen.Add(target.Month))
                return Invalid("month", $"Month {target.Month} ({Month.Name(target.Month)}) is given twice; give each month once.");
            if (Quantity($"targets[{Month.Name(target.Month)}]", target.Value) is { } error)
                return error;
        }
        return null;
    }

    public static CommandError? Progress(ProgressReport report) => FirstError(
        Month.IsValid(report.Month) ? null : Invalid("month", $"Month {report.Month} is outside 1 (ENE) to 12 (DIC)."),
        Quantity("achieved", report.Achieved),
        Money("spent", report.Spent),
        report.Note is { Length: > MaxTextLength } ? Invalid("note", $"The note has {report.Note.Length} characters; keep it under {MaxTextLength}.") : null);

    public static CommandError NotFound(string what) => new(ErrorCodes.NotFound, what);

    public static CommandError Invalid(string field, string message) => new(ErrorCodes.Validation, message, field);

    private static CommandError? Money(string field, decimal amount) =>
        amount < 0 ? Invalid(field, $"{field} is {amount}; an amount in pesos cannot be negative.") : null;

    private static CommandError? Quantity(string field, decimal quantity) =>
        quantity < 0 ? Invalid(field, $"{field} is {quantity}; a quantity cannot be negative.") : null;

    private static CommandError? Beneficiaries(Beneficiaries beneficiaries) =>
        beneficiaries.Men < 0 || beneficiaries.Women < 0
            ? Invalid("beneficiaries", $"Beneficiaries {beneficiaries} include a negative number; give men and women as 0 or more.")
            : null;

    private static CommandError? BudgetItems(IReadOnlyList<BudgetItem> items) =>
        items.FirstOrDefault(i => !i.IsValid) is { } bad
            ? Invalid("budgetItems", $"Budget item \"{bad.Code}\" is not a CONAC code: give 4 digits, the first 1 to 9 (chapters 1000 to 9000), e.g. 3191.")
            : null;

    private static CommandError? Texts(params (string Field, string? Value)[] texts) =>
        texts.FirstOrDefault(t => t.Value is { Length: > MaxTextLength }) is { Field: not null } tooLong
            ? Invalid(tooLong.Field, $"{tooLong.Field} has {tooLong.Value!.Length} characters; keep it under {MaxTextLength}.")
            : null;

    private static CommandError? FirstError(params CommandError?[] errors) => errors.FirstOrDefault(e => e is not null);
}
