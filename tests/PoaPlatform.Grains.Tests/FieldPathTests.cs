using PoaPlatform.Abstractions.Editing;

namespace PoaPlatform.Grains.Tests;

public class FieldPathTests
{
    public static TheoryData<string> Paths() =>
    [
        "action", "name", "axes", "goal", "objective", "strategy", "purpose", "beneficiaries", "investment", "budgetItems",
        "activity/1", "activity/3/description", "activity/3/responsibleArea", "activity/3/unit", "activity/3/indicator",
        "activity/3/investment", "activity/3/annualTarget", "activity/12/target/1", "activity/12/target/12",
        "activity/4194303/progress/5",
    ];

    [Theory]
    [MemberData(nameof(Paths))]
    public void EveryPathFormatsAsItParses(string text)
    {
        var path = FieldPath.Parse(text);

        Assert.Equal(text, path.ToString());
        Assert.Equal(path, FieldPath.Parse(path.ToString()));
        // The audit text of a creation writes paths into its builder: the same text, after what is already there.
        var written = new System.Text.StringBuilder("x: ");
        written.Append(System.Globalization.CultureInfo.InvariantCulture, $"{path}");
        Assert.Equal("x: " + text, written.ToString());
        Span<char> tooShort = stackalloc char[text.Length - 1];
        Assert.False(path.TryFormat(tooShort, out _, default, System.Globalization.CultureInfo.InvariantCulture));
    }

    [Fact]
    public void ARequestPathWritesAsItFormats()
    {
        var path = FieldPath.Request(7);
        var written = new System.Text.StringBuilder();
        written.Append(System.Globalization.CultureInfo.InvariantCulture, $"{path}");
        Assert.Equal("request/7", written.ToString());
        Assert.Equal(path.ToString(), written.ToString());
    }

    [Fact]
    public void APathSaysWhatItIsStructured()
    {
        var progress = FieldPath.Parse("activity/7/progress/11");
        var name = FieldPath.Parse("name");

        Assert.Equal((FieldKind.Progress, (int?)7, (int?)11), (progress.Kind, progress.ActivityId, progress.Month));
        Assert.Equal((FieldKind.Name, (int?)null, (int?)null), (name.Kind, name.ActivityId, name.Month));
        Assert.Equal(FieldPath.Progress(7, 11), progress);
    }

    [Theory]
    [InlineData("")]
    [InlineData("Name")]
    [InlineData("activity")]
    [InlineData("activity/0")]
    [InlineData("activity/4194304")]
    [InlineData("activity/3/")]
    [InlineData("activity/3/target/13")]
    [InlineData("activity/3/target/05")]
    [InlineData("activity/+3/unit")]
    [InlineData("activity/3/unknown")]
    [InlineData("activity/3/progress")]
    [InlineData("activity:3:description")]
    public void WhatIsNotAPathIsRefused(string text)
    {
        Assert.False(FieldPath.TryParse(text, out _));
        Assert.Throws<FormatException>(() => FieldPath.Parse(text));
    }

    [Fact]
    public void PathsSortByTheActionsFieldsThenEachActivity()
    {
        string[] sorted = ["action", "name", "budgetItems", "activity/2", "activity/2/description", "activity/2/target/1", "activity/2/target/12", "activity/2/progress/1", "activity/10/unit"];

        var shuffled = sorted.Reverse().Select(FieldPath.Parse).Order().Select(p => p.ToString());

        Assert.Equal(sorted, shuffled);
    }

    [Fact]
    public void EveryPathReadsBackFromItsPackedFormAndNoOtherNumberDoes()
    {
        // Every path of activities 1 to 3 and requests 1 to 3: every packed form below 4 << 9 (activity or request id 3).
        FieldPath[] paths = [.. Enum.GetValues<FieldKind>().Where(FieldKinds.IsActionField).Select(k => FieldPath.Of(k)),
            .. Enumerable.Range(1, 3).SelectMany(FieldPath.AllOfActivity), .. Enumerable.Range(1, 3).Select(FieldPath.Request),
            .. FieldPath.AllOfActivity(FieldPath.MaxActivityId), FieldPath.Request(77)];

        Assert.All(paths, p => Assert.Equal(p, FieldPath.FromPacked(p.Packed)));
        Assert.Equal(paths.Order(), paths.OrderBy(p => p.Packed));
        // Any other number: an action's field with a month or an id, a month 0 or 13, a kind that does not exist.
        var packedForms = paths.Select(p => p.Packed).ToHashSet();
        var others = Enumerable.Range(0, 4 << 9).Concat([-1, int.MinValue, int.MaxValue]).Where(n => !packedForms.Contains(n)).ToList();
        Assert.All(others, n => Assert.Throws<FormatException>(() => FieldPath.FromPacked(n)));
        Assert.True(others.Count > 1_500, $"{others.Count} numbers that are no path's");
    }
}
