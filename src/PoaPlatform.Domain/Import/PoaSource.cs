namespace PoaPlatform.Domain.Import;

/// <summary>A document together with where each of its parts stands in the source (text lines, or sheets and rows).</summary>
/// <remarks><see cref="Departments"/> runs parallel to <see cref="PoaDocument.Departments"/>: same order, same counts.</remarks>
/// <param name="Sheets">The workbook's sheets in order; empty for text.</param>
/// <param name="Progress">Progress read from a flat sheet's ALCANZADO/EJERCIDO/NOTA columns; empty for the seed layout.</param>
public sealed record PoaReadResult(
    PoaDocument Document,
    IReadOnlyList<DepartmentSource> Departments,
    IReadOnlyList<string>? Sheets = null,
    IReadOnlyList<ReportedProgress>? Progress = null)
{
    public IReadOnlyList<string> Sheets { get; init; } = Sheets ?? [];

    public IReadOnlyList<ReportedProgress> Progress { get; init; } = Progress ?? [];

    /// <summary>The source of an action of <see cref="Document"/> (found by reference, so copies made with <c>with</c> are not found).</summary>
    public ActionSource? SourceOf(PoaAction action)
    {
        for (var d = 0; d < Document.Departments.Count; d++)
        {
            var actions = Document.Departments[d].Actions;
            for (var a = 0; a < actions.Count; a++)
            {
                if (ReferenceEquals(actions[a], action))
                    return Departments[d].Actions[a];
            }
        }
        return null;
    }
}

/// <summary>The sources of a department's actions (parallel to <see cref="Department.Actions"/>) and its summary sheets.</summary>
public sealed record DepartmentSource(string Name, IReadOnlyList<ActionSource> Actions, IReadOnlyList<SummarySheet> SummarySheets);

/// <summary>1-based source lines (rows of <see cref="Sheet"/> for a workbook) of an action, and the 1-based columns of
/// the cells findings are about. Line is the block heading, or the summary row of a summary-only action.</summary>
/// <param name="Column">The column of the cell at <paramref name="Line"/>: the heading, or the action number of a flat or summary row.</param>
/// <param name="InvestmentColumn">The column of the INVERSIÓN APROXIMADA value (the label's own cell when the value is inline).</param>
/// <param name="BudgetItemsColumn">The column of the PARTIDA PRESUPUESTAL value.</param>
/// <param name="AnnualTargetColumn">The column of PROGRAMACIÓN ANUAL in the activity rows.</param>
public sealed record ActionSource(
    int Line,
    int? NumberLine = null,
    int? InvestmentLine = null,
    int? BudgetItemsLine = null,
    int? SummaryLine = null,
    IReadOnlyList<int>? ActivityLines = null,
    string? Sheet = null,
    bool IsSummaryOnly = false,
    int? Column = null,
    int? InvestmentColumn = null,
    int? BudgetItemsColumn = null,
    int? AnnualTargetColumn = null)
{
    /// <summary>Every part of the action at one line: what callers without a source text can give.</summary>
    public static ActionSource At(int line) => new(line, line, line, line, line);

    /// <summary>The line of an activity, falling back to the action's line.</summary>
    public int ActivityLine(int index) => ActivityLines is { } lines && index < lines.Count ? lines[index] : Line;

    /// <summary>The cell of an activity's annual target, falling back to the action's cell.</summary>
    public (int Line, int? Column) AnnualTargetCell(int index) =>
        ActivityLines is { } lines && index < lines.Count ? (lines[index], AnnualTargetColumn) : (Line, Column);

    /// <summary>The cell of the investment, falling back to the action's cell.</summary>
    public (int Line, int? Column) InvestmentCell => InvestmentLine is { } line ? (line, InvestmentColumn) : (Line, Column);

    /// <summary>The cell of the budget items, falling back to the action's cell when the block gives none.</summary>
    public (int Line, int? Column) BudgetItemsCell => BudgetItemsLine is { } line ? (line, BudgetItemsColumn) : (Line, Column);
}

/// <summary>A summary sheet as read: its rows and its Total row, which may disagree with the detailed blocks.</summary>
/// <param name="Sheet">The worksheet it was read from; null for text.</param>
/// <param name="NumberColumn">1-based column of the action numbers of the rows.</param>
/// <param name="InvestmentColumn">1-based column of INVERSIÓN, of the rows and of the Total.</param>
public sealed record SummarySheet(string Heading, int Line, IReadOnlyList<SummaryRow> Rows, decimal? Total, int? TotalLine, string? Sheet = null,
    int? NumberColumn = null, int? InvestmentColumn = null);

/// <summary>One row of a summary sheet: number, name, investment.</summary>
public sealed record SummaryRow(int Number, string Name, decimal Investment, int Line);
