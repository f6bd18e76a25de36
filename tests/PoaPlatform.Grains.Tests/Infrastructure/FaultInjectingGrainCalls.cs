using System.Collections.Concurrent;
using PoaPlatform.Abstractions.Actions;
using PoaPlatform.Abstractions.Departments;

namespace PoaPlatform.Grains.Tests.Infrastructure;

/// <summary>Lets every grain call through, except pushes from actions to the departments a test has marked: those
/// fail as a lost message would, after the action's state is already written.</summary>
internal sealed class FaultInjectingGrainCalls : IIncomingGrainCallFilter
{
    public Task Invoke(IIncomingGrainCallContext context)
    {
        if (context.InterfaceMethod?.Name == nameof(IDepartmentGrain.ReportActionAsync) &&
            PushFaults.ShouldFail(context.TargetId.Key.ToString()!))
            throw new TimeoutException($"Injected failure of a push to {context.TargetId}.");
        return context.Invoke();
    }
}

/// <summary>Which departments refuse pushes from their actions, for as long as the returned handle is not disposed.</summary>
public static class PushFaults
{
    private static readonly ConcurrentDictionary<string, int> s_failing = new(StringComparer.Ordinal);

    public static IDisposable FailPushesTo(string departmentKey)
    {
        s_failing[departmentKey] = 0;
        return new Handle(departmentKey);
    }

    /// <summary>How many pushes to the department were refused so far.</summary>
    public static int Refused(string departmentKey) => s_failing.GetValueOrDefault(departmentKey);

    internal static bool ShouldFail(string departmentKey)
    {
        if (!s_failing.ContainsKey(departmentKey))
            return false;
        s_failing.AddOrUpdate(departmentKey, 1, (_, n) => n + 1);
        return true;
    }

    private sealed class Handle(string key) : IDisposable
    {
        public void Dispose() => s_failing.TryRemove(key, out _);
    }
}

/// <summary>Refuses, before the message leaves the caller (so the callee is never activated), the summary reads of the
/// actions whose key starts with a held prefix: what a parent's background validation asks.</summary>
internal sealed class HeldSummaryReads : IOutgoingGrainCallFilter
{
    public Task Invoke(IOutgoingGrainCallContext context)
    {
        if (context.InterfaceMethod?.Name == nameof(IActionGrain.GetSummaryAsync) &&
            context.InterfaceMethod.DeclaringType == typeof(IActionGrain) &&
            SummaryReads.Held(context.TargetId.Key.ToString()!))
            throw new TimeoutException($"Injected: the summary of {context.TargetId} is not read while held.");
        return context.Invoke();
    }
}

/// <summary>Which actions' summaries no grain may read, for as long as the returned handle is not disposed.</summary>
public static class SummaryReads
{
    private static readonly ConcurrentDictionary<string, int> s_held = new(StringComparer.Ordinal);

    public static IDisposable HoldUnder(string keyPrefix)
    {
        s_held[keyPrefix + "/"] = 0;
        return new Handle(keyPrefix + "/");
    }

    /// <summary>How many reads under the prefix were refused so far.</summary>
    public static int Refused(string keyPrefix) => s_held.GetValueOrDefault(keyPrefix + "/");

    internal static bool Held(string key)
    {
        foreach (var prefix in s_held.Keys)
        {
            if (key.StartsWith(prefix, StringComparison.Ordinal))
            {
                s_held.AddOrUpdate(prefix, 1, (_, n) => n + 1);
                return true;
            }
        }
        return false;
    }

    private sealed class Handle(string prefix) : IDisposable
    {
        public void Dispose() => s_held.TryRemove(prefix, out _);
    }
}
