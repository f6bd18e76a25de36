using Microsoft.Extensions.DependencyInjection;
using Orleans.Serialization;
using PoaPlatform.Abstractions.Actions;
using PoaPlatform.Abstractions.Editing;
using PoaPlatform.Domain.Model;
using PoaPlatform.Grains.Actions;
using PoaPlatform.Grains.Storage;

namespace PoaPlatform.Grains.Tests;

/// <summary>An action's programming stored on its own (<see cref="StoredProgramming"/>, docs/decisions/0027): read back
/// whole, written again from the previous write's bytes while it does not change, and rows of the earlier shape still
/// read.</summary>
public sealed class StoredProgrammingTests : IDisposable
{
    /// <summary>An ActionState as the code before this change wrote it (commit 0ae5648's shape: the content in field 6,
    /// the progress packed in field 11), built by <see cref="OldShapeState"/>.</summary>
    private const string StateOfTheEarlierShape =
        "IAAlwQHBAcEBAQEh4CHoIOgAHUEzUmVoYWJpbGl0YWNpw7NuIGRlIGNhbGxlczEBw9luPk1SZWFkT25seUxpc3RJbnRlcmZhY2VDb2RlY2AxW1tzdHJpbmddXQADQQtFamUgMeBBCU1ldGFBEU9iamV0aXZvQRVFc3RyYXRlZ2lhQRVQcm9ww7NzaXRvIegA8jwBUkbgQSEAAAAAAAAAAKAPAAAAAAAAMQHg1EqeXVJlYWRPbmx5TGlzdEludGVyZmFjZUNvZGVjYDFbW3BvYS5CdWRnZXRJdGVtXV0ABSHoQAk2MTQx4CDoQAkzMTkx4OAxAe/ywopZUmVhZE9ubHlMaXN0SW50ZXJmYWNlQ29kZWNgMVtbcG9hLkFjdGl2aXR5XV0AByHoQDlBY3RpdmlkYWQgMSDigJQgc2XDsWFsw6l0aWNhQSdEaXJlY2Npw7NuIGRlIE9icmFzQQtQaWV6YUEjUGllemFzIGluc3RhbGFkYXNBIQAAAgAAAAAA0oYBAAAAAABBIQAAAAAAAAAADAAAAAAAAAAhIAAZQSEAAAAAAAAAAAEAAAAAAAAAQCEAAAAAAAAAAAIAAAAAAAAAQCEAAAAAAAAAAAMAAAAAAAAAQCEAAAAAAAAAAAAAAAAAAAAAQCEAAAAAAAAAAAEAAAAAAAAAQCEAAAAAAAAAAAIAAAAAAAAAQCEAAAAAAAAAAAMAAAAAAAAAQCEAAAAAAAAAAAAAAAAAAAAAQCEAAAAAAAAAAAEAAAAAAAAAQCEAAAAAAAAAAAIAAAAAAAAAQCEAAAAAAAAAAAMAAAAAAAAAQCEAAAAAAAAAAAAAAAAAAAAA4OABBcEBwQHgIOhAOUFjdGl2aWRhZCAyIOKAlCBzZcOxYWzDqXRpY2HBQ8FFwUdBIQAAAgAAAAAApA0DAAAAAABBIQAAAAAAAAAAGAAAAAAAAAAhIAAZQSEAAAAAAAAAAAIAAAAAAAAAQCEAAAAAAAAAAAAAAAAAAAAAQCEAAAAAAAAAAAIAAAAAAAAAQCEAAAAAAAAAAAAAAAAAAAAAQCEAAAAAAAAAAAIAAAAAAAAAQCEAAAAAAAAAAAAAAAAAAAAAQCEAAAAAAAAAAAIAAAAAAAAAQCEAAAAAAAAAAAAAAAAAAAAAQCEAAAAAAAAAAAIAAAAAAAAAQCEAAAAAAAAAAAAAAAAAAAAAQCEAAAAAAAAAAAIAAAAAAAAAQCEAAAAAAAAAAAAAAAAAAAAA4OABCcEBQRFGT1JUQU1VTuAg6EA5QWN0aXZpZGFkIDMg4oCUIHNlw7FhbMOpdGljYcFDwUXBR0EhAAACAAAAAAAKhgEAAAAAAEEhAAAAAAAAAAAkAAAAAAAAACEgABlBIQAAAAAAAAAAAwAAAAAAAABAIQAAAAAAAAAAAgAAAAAAAABAIQAAAAAAAAAAAQAAAAAAAABAIQAAAAAAAAAAAAAAAAAAAABAIQAAAAAAAAAAAwAAAAAAAABAIQAAAAAAAAAAAgAAAAAAAABAIQAAAAAAAAAAAQAAAAAAAABAIQAAAAAAAAAAAAAAAAAAAABAIQAAAAAAAAAAAwAAAAAAAABAIQAAAAAAAAAAAgAAAAAAAABAIQAAAAAAAAAAAQAAAAAAAABAIQAAAAAAAAAAAAAAAAAAAADg4AENwQHBAeDgQQHBAeAxAU3rUQctcG9hLkFjdGl2aXR5UHJvZ3Jlc3NbXeABETEBmgoUaG9SZWFkT25seUxpc3RJbnRlcmZhY2VDb2RlY2AxW1twb2EuTW9kaWZpY2F0aW9uUmVxdWVzdF1dAAMh6AAFAQFBF03DoXMgY2FsbGVzMQHc+5ezY1JlYWRPbmx5TGlzdEludGVyZmFjZUNvZGVjYDFbW3BvYS5BY3Rpb25Db21tYW5kXV0AAzEBS5OPpytwb2EuU2V0TW9udGhseVRhcmdldHPo6OgABTEBn20DfF1SZWFkT25seUxpc3RJbnRlcmZhY2VDb2RlY2AxW1twb2EuTW9udGhWYWx1ZV1dAAMh6AAtQSEAAAAAAAAAAAUAAAAAAAAA4ODg4AENQQdhbmEhgACgQcj0JNkIgQAAAAAAAAAA4AEBwQHBAcEB4OAh6AAdwRfZAxnBH8EhwSPBJcEnQSEAAAIAAAAAAHaUBAAAAAAA2QUvMQEX6vpqHXBvYS5BY3Rpdml0eVtdAAfBP8BxIOjApcFDwUXBR0EhAAACAAAAAAB2lAQAAAAAAEEhAAAAAAAAAAAkAAAAAAAAAMGxAQ3BAcEB4ODB1cEB4AEJ4MEBIeABISEg4CHg4EFvAgIBAgGDAAIAAALphgMAABRSZXVuacOzbiBjb24gdmVjaW5vcwIBAgAAAAMBBQMAAQAAAAEAAOA=";

    /// <summary><see cref="OldShapeState"/> with field versions (name and activity 1 at 1, two progress months at 7,
    /// request 1 at 9) as the code of commit 2fec522 wrote it: the programming in the payload (field 12), the field
    /// versions as Orleans serialized their collection (field 10).</summary>
    private const string StateWithItsProgrammingInThePayload =
        "IAAlwQHBAcEBAQEh4MEBwQEh4AEhISAADSEAQeAgAAIV4CAAkhjgIAAKGeAgAIIZ4CAAKjng4CEADQEFAAUABQAdACUAHeDgQW8CAgECAYMAAgAAAumGAwAAFFJldW5pw7NuIGNvbiB2ZWNpbm9zAgECAAAAAwEFAwABAAAAAQAAIehAlhog6CDoAB1BM1JlaGFiaWxpdGFjacOzbiBkZSBjYWxsZXMxAcPZbj5NUmVhZE9ubHlMaXN0SW50ZXJmYWNlQ29kZWNgMVtbc3RyaW5nXV0AA0ELRWplIDHgQQlNZXRhQRFPYmpldGl2b0EVRXN0cmF0ZWdpYUEVUHJvcMOzc2l0byHoAPI8AVJG4EEhAAAAAAAAAACgDwAAAAAAADEB4NRKnl1SZWFkT25seUxpc3RJbnRlcmZhY2VDb2RlY2AxW1twb2EuQnVkZ2V0SXRlbV1dAAUh6EAJNjE0MeAg6EAJMzE5MeDgMQHv8sKKWVJlYWRPbmx5TGlzdEludGVyZmFjZUNvZGVjYDFbW3BvYS5BY3Rpdml0eV1dAAch6EA5QWN0aXZpZGFkIDEg4oCUIHNlw7FhbMOpdGljYUEnRGlyZWNjacOzbiBkZSBPYnJhc0ELUGllemFBI1BpZXphcyBpbnN0YWxhZGFzQSEAAAIAAAAAANKGAQAAAAAAQSEAAAAAAAAAAAwAAAAAAAAAISAAGUEhAAAAAAAAAAABAAAAAAAAAEAhAAAAAAAAAAACAAAAAAAAAEAhAAAAAAAAAAADAAAAAAAAAEAhAAAAAAAAAAAAAAAAAAAAAEAhAAAAAAAAAAABAAAAAAAAAEAhAAAAAAAAAAACAAAAAAAAAEAhAAAAAAAAAAADAAAAAAAAAEAhAAAAAAAAAAAAAAAAAAAAAEAhAAAAAAAAAAABAAAAAAAAAEAhAAAAAAAAAAACAAAAAAAAAEAhAAAAAAAAAAADAAAAAAAAAEAhAAAAAAAAAAAAAAAAAAAAAODgAQXBAcEB4CDoQDlBY3RpdmlkYWQgMiDigJQgc2XDsWFsw6l0aWNhwTXBN8E5QSEAAAIAAAAAAKQNAwAAAAAAQSEAAAAAAAAAABgAAAAAAAAAISAAGUEhAAAAAAAAAAACAAAAAAAAAEAhAAAAAAAAAAAAAAAAAAAAAEAhAAAAAAAAAAACAAAAAAAAAEAhAAAAAAAAAAAAAAAAAAAAAEAhAAAAAAAAAAACAAAAAAAAAEAhAAAAAAAAAAAAAAAAAAAAAEAhAAAAAAAAAAACAAAAAAAAAEAhAAAAAAAAAAAAAAAAAAAAAEAhAAAAAAAAAAACAAAAAAAAAEAhAAAAAAAAAAAAAAAAAAAAAEAhAAAAAAAAAAACAAAAAAAAAEAhAAAAAAAAAAAAAAAAAAAAAODgAQnBAUERRk9SVEFNVU7gIOhAOUFjdGl2aWRhZCAzIOKAlCBzZcOxYWzDqXRpY2HBNcE3wTlBIQAAAgAAAAAACoYBAAAAAABBIQAAAAAAAAAAJAAAAAAAAAAhIAAZQSEAAAAAAAAAAAMAAAAAAAAAQCEAAAAAAAAAAAIAAAAAAAAAQCEAAAAAAAAAAAEAAAAAAAAAQCEAAAAAAAAAAAAAAAAAAAAAQCEAAAAAAAAAAAMAAAAAAAAAQCEAAAAAAAAAAAIAAAAAAAAAQCEAAAAAAAAAAAEAAAAAAAAAQCEAAAAAAAAAAAAAAAAAAAAAQCEAAAAAAAAAAAMAAAAAAAAAQCEAAAAAAAAAAAIAAAAAAAAAQCEAAAAAAAAAAAEAAAAAAAAAQCEAAAAAAAAAAAAAAAAAAAAA4OABDcEBwQHg4EEBwQHgMQFN61EHLXBvYS5BY3Rpdml0eVByb2dyZXNzW13gARExAZoKFGhvUmVhZE9ubHlMaXN0SW50ZXJmYWNlQ29kZWNgMVtbcG9hLk1vZGlmaWNhdGlvblJlcXVlc3RdXQADIegABQEBQRdNw6FzIGNhbGxlczEB3PuXs2NSZWFkT25seUxpc3RJbnRlcmZhY2VDb2RlY2AxW1twb2EuQWN0aW9uQ29tbWFuZF1dAAMxAUuTj6crcG9hLlNldE1vbnRobHlUYXJnZXRz6OjoAAUxAZ9tA3xdUmVhZE9ubHlMaXN0SW50ZXJmYWNlQ29kZWNgMVtbcG9hLk1vbnRoVmFsdWVdXQADIegALUEhAAAAAAAAAAAFAAAAAAAAAODg4OABDUEHYW5hIYAAoEHI9CTZCIEAAAAAAAAAAOABAcEBwQHBAeDgIegAHcEJ2QMLwRHBE8EVwRfBGUEhAAACAAAAAAB2lAQAAAAAANkFITEBF+r6ah1wb2EuQWN0aXZpdHlbXQAHwTHAYyDowJfBNcE3wTlBIQAAAgAAAAAAdpQEAAAAAABBIQAAAAAAAAAAJAAAAAAAAADBowENwQHBAeDgwcfBAeABCeDg4A==";

    private readonly ServiceProvider _services = new ServiceCollection().AddSerializer(s => s.AddAssembly(typeof(ActionState).Assembly)).BuildServiceProvider();

    private Serializer Serializer => _services.GetRequiredService<Serializer>();

    /// <summary>The payload as <see cref="PoaGrainStorage"/> writes it: the programming left out, stored apart.</summary>
    private byte[] PayloadWithoutItsPart(ActionState state)
    {
        state.LeavesPartOut = true;
        try
        {
            return Serializer.SerializeToArray(state);
        }
        finally
        {
            state.LeavesPartOut = false;
        }
    }

    public void Dispose() => _services.Dispose();

    /// <summary>An action with every part of a content: activities, a baseline, a request, progress with a note.</summary>
    internal static ActionState OldShapeState()
    {
        var activities = Enumerable.Range(1, 3).Select(i => new Activity(i, $"Actividad {i} — señalética", "Dirección de Obras", "Pieza", "Piezas instaladas",
            1000.50m * i, 12 * i, MonthlyValues.Of([.. Enumerable.Range(1, 12).Select(m => (decimal)(i * m % 4))]), FundingSource: i == 2 ? "FORTAMUN" : null)).ToArray();
        var approved = new PoaAction(7, "Rehabilitación de calles", ["Eje 1"], "Meta", "Objetivo", "Estrategia", "Propósito",
            new Beneficiaries(1950, 2250), 3001.50m, [new BudgetItem("6141"), new BudgetItem("3191")], activities);
        var action = approved with { Investment = 4000m, Activities = [.. activities.Take(2), activities[2] with { Investment = 998.50m }] };
        var request = new ModificationRequest(1, ModificationKind.Increase, "Más calles", [new SetMonthlyTargets(1, [new MonthValue(11, 5)])], 3,
            "ana", new DateTimeOffset(2021, 6, 1, 12, 0, 0, TimeSpan.Zero), ModificationStatus.Pending);
        var progress = new[] { new ActivityProgress(1, [new MonthProgress(1, 2, 500.25m, "Reunión con vecinos"), new MonthProgress(2, 0.00m, 0)]), new ActivityProgress(3, [new MonthProgress(5, 1, 1)]) };
        return new ActionState
        {
            Version = 9,
            AcknowledgedVersion = 8,
            Content = new ActionContent(action, progress, 4, [request], approved, 2),
        };
    }

    [Fact]
    public void A_state_of_the_earlier_shape_reads_with_its_programming_and_progress_and_is_written_in_the_new_one()
    {
        var expected = OldShapeState();
        var state = Serializer.Deserialize<ActionState>(Convert.FromBase64String(StateOfTheEarlierShape))!;

        AssertSameContent(expected.Content, state.Content);
        Assert.Equal((9L, 8L), (state.Version, state.AcknowledgedVersion));

        var rewritten = Serializer.Deserialize<ActionState>(Serializer.SerializeToArray(state))!;
        AssertSameContent(expected.Content, rewritten.Content);
        Assert.Null(state.StoredContent);
    }

    [Fact]
    public void A_state_of_2fec522_reads_with_its_programming_and_field_versions_and_is_written_in_the_new_shape()
    {
        var expected = OldShapeState();
        var state = Serializer.Deserialize<ActionState>(Convert.FromBase64String(StateWithItsProgrammingInThePayload))!;
        // No column to read the programming from: the payload held it.
        state.ReadPart(null, Serializer);

        AssertSameContent(expected.Content, state.Content);
        (FieldPath, long)[] versions = [(FieldPath.Of(FieldKind.Name), 1), (FieldPath.Activity(1), 1), (FieldPath.Target(1, 2), 1),
            (FieldPath.Progress(1, 1), 7), (FieldPath.Progress(3, 5), 7), (FieldPath.Request(1), 9)];
        Assert.Equal(versions.OrderBy(v => v.Item1), state.FieldVersions.Select(v => (v.Key, v.Value)));
        Assert.Null(state.StoredFieldVersions);
        Assert.False(((IStoredApart)state).Part.IsStored);

        var payload = PayloadWithoutItsPart(state);
        var rewritten = Serializer.Deserialize<ActionState>(payload)!;
        rewritten.ReadPart(((IStoredApart)state).Part.Bytes(Serializer), Serializer);
        AssertSameContent(expected.Content, rewritten.Content);
        Assert.Equal(state.FieldVersions.ToList(), rewritten.FieldVersions.ToList());
        Assert.Equal(1, rewritten.FieldVersions.ProgrammingVersion);
    }

    [Fact]
    public void A_state_reads_back_whole()
    {
        var state = OldShapeState();

        var read = Serializer.Deserialize<ActionState>(Serializer.SerializeToArray(state))!;

        AssertSameContent(state.Content, read.Content);
        // Read, the content holds the programming's instances as read: the next write of them keeps their bytes.
        Assert.True(read.Programming!.Holds(read.Content));
    }

    [Fact]
    public void A_progress_report_writes_the_programming_from_the_previous_writes_bytes_and_the_same_payload()
    {
        var state = OldShapeState();
        Serializer.SerializeToArray(state);
        Assert.False(state.Programming!.KeepsBytes); // written once (an import): nothing kept

        Report(state, 3, new MonthProgress(6, 4, 4));
        Serializer.SerializeToArray(state);
        Assert.True(state.Programming!.KeepsBytes);

        Report(state, 1, new MonthProgress(7, 1, 100m, "Entrega"));
        var kept = state.Programming;
        var third = Serializer.SerializeToArray(state);
        Assert.Same(kept, state.Programming);

        // Each payload is what a state made afresh from the same content writes.
        Assert.Equal(Fresh(state), third);
        AssertSameContent(state.Content, Serializer.Deserialize<ActionState>(third)!.Content);

        // A change of the programming is serialized anew, and its bytes are not kept at its first write.
        state.Content = state.Content with { Action = state.Content.Action! with { Name = "Rehabilitación de banquetas" } };
        var changed = Serializer.SerializeToArray(state);
        Assert.NotSame(kept, state.Programming);
        Assert.False(state.Programming!.KeepsBytes);
        Assert.Equal("Rehabilitación de banquetas", Serializer.Deserialize<ActionState>(changed)!.Content.Action!.Name);
        Assert.Equal(Fresh(state), changed);
        foreach (var (requests, baseline, approval, next) in new (IReadOnlyList<ModificationRequest>?, PoaAction?, int, int)[]
        {
            (null, state.Content.Baseline, 2, 4), ([], state.Content.Baseline, 2, 4), (state.Content.Requests, null, 2, 4),
            (state.Content.Requests, state.Content.Baseline, 3, 4), (state.Content.Requests, state.Content.Baseline, 2, 5),
        })
        {
            // Any other part of the programming is a change too.
            var other = state.Content with { Requests = requests, Baseline = baseline, BaselineApproval = approval, NextActivityId = next };
            Assert.False(state.Programming!.Holds(other));
        }
    }

    [Fact]
    public void Stored_apart_the_programming_leaves_the_payload_and_reads_back_from_its_column()
    {
        var state = OldShapeState();
        IStoredApart apart = state;
        var part = apart.Part;
        Assert.False(part.IsStored);
        var bytes = part.Bytes(Serializer);

        var payload = PayloadWithoutItsPart(state);
        var whole = Serializer.SerializeToArray(state);

        // The payload holds the progress and not the programming: the column holds that.
        Assert.True(payload.Length + bytes.Length / 2 < whole.Length, $"{payload.Length} + {bytes.Length} against {whole.Length}");
        Assert.DoesNotContain("Rehabilitación", System.Text.Encoding.UTF8.GetString(payload), StringComparison.Ordinal);
        Assert.Contains("Reunión con vecinos", System.Text.Encoding.UTF8.GetString(payload), StringComparison.Ordinal);
        var read = Serializer.Deserialize<ActionState>(payload)!;
        read.ReadPart(bytes, Serializer);
        AssertSameContent(state.Content, read.Content);
        Assert.Equal((9L, 8L), (read.Version, read.AcknowledgedVersion));
        // Read from its column, the row holds it: the next write leaves the column as it is, while the programming stays.
        Assert.True(((IStoredApart)read).Part.IsStored);
        Report(read, 1, new MonthProgress(3, 1, 1));
        Assert.True(((IStoredApart)read).Part.IsStored);
        read.Content = read.Content with { NextActivityId = 5 };
        Assert.False(((IStoredApart)read).Part.IsStored);

        // Marked once its write committed, for the programming it wrote.
        part.MarkStored();
        Assert.Same(part, apart.Part);
        Assert.True(apart.Part.IsStored);
    }

    [Fact]
    public void A_payload_whose_programming_is_stored_apart_does_not_read_without_it_and_a_whole_payload_ignores_a_column()
    {
        var state = OldShapeState();
        var payload = PayloadWithoutItsPart(state);

        var missing = Assert.Throws<InvalidOperationException>(() => Serializer.Deserialize<ActionState>(payload)!.ReadPart(null, Serializer));
        Assert.Contains("payload_apart", missing.Message, StringComparison.Ordinal);

        // A payload written whole (by the code before decision 0031, or by another storage) keeps its own programming.
        var whole = Serializer.Deserialize<ActionState>(Serializer.SerializeToArray(state))!;
        var other = OldShapeState();
        other.Content = other.Content with { Action = other.Content.Action! with { Name = "Otra" } };
        whole.ReadPart(((IStoredApart)other).Part.Bytes(Serializer), Serializer);
        AssertSameContent(state.Content, whole.Content);
        Assert.False(((IStoredApart)whole).Part.IsStored);
    }

    [Fact]
    public void Every_part_of_a_content_but_its_progress_is_compared_before_the_kept_bytes_are_written_again()
    {
        // StoredProgramming.Holds names the parts of ActionContent one by one (the test above changes each of them): a
        // part added to the content must be compared there too, or a change of it would be stored as the old bytes.
        var parts = typeof(ActionContent).GetConstructors().Single(c => c.GetParameters().Length > 1).GetParameters().Select(p => p.Name);

        Assert.Equal(["Action", "Progress", "NextActivityId", "Requests", "Baseline", "BaselineApproval"], parts);
    }

    private byte[] Fresh(ActionState state) => Serializer.SerializeToArray(new ActionState
    {
        Version = state.Version,
        AcknowledgedVersion = state.AcknowledgedVersion,
        Content = state.Content,
        FieldVersions = state.FieldVersions,
    });

    private static void Report(ActionState state, int activityId, MonthProgress month)
    {
        var progress = (state.Content.ProgressOf(activityId) ?? new ActivityProgress(activityId, [])).With(month);
        state.Content = state.Content.WithProgress(progress);
        state.Version++;
    }

    private static void AssertSameContent(ActionContent expected, ActionContent actual)
    {
        Assert.Empty(ActionContent.Differences(expected, actual));
        Assert.Equal(expected.NextActivityId, actual.NextActivityId);
        Assert.Equal(expected.BaselineApproval, actual.BaselineApproval);
        Assert.Empty(ActionContent.Differences(new ActionContent(expected.Baseline, [], 1), new ActionContent(actual.Baseline, [], 1)));
        Assert.Equal(expected.Baseline is null, actual.Baseline is null);
        Assert.Equal(System.Text.Json.JsonSerializer.Serialize(expected.Progress), System.Text.Json.JsonSerializer.Serialize(actual.Progress));
        Assert.Equal(System.Text.Json.JsonSerializer.Serialize(expected.RequestList), System.Text.Json.JsonSerializer.Serialize(actual.RequestList));
    }
}
