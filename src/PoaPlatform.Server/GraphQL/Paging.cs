using System.Text;
using GraphQL;
using GraphQL.Builders;
using GraphQL.Types;

namespace PoaPlatform.Server.GraphQL;

/// <summary>A Relay-style page of a list: edges with cursors, whether more follow, and how many there are in all.</summary>
public sealed record Connection<T>(IReadOnlyList<Edge<T>> Edges, PageInfo PageInfo, int TotalCount);

public sealed record Edge<T>(string Cursor, T Node);

public sealed record PageInfo(bool HasNextPage, string? EndCursor);

public static class Paging
{
    public const int MaxPageSize = 500;

    /// <summary>The items after the one <paramref name="after"/> points at. A cursor names an item (its key), not an
    /// offset, so a page stays right when items are added before it.</summary>
    public static Connection<T> Page<T>(IReadOnlyList<T> items, Func<T, string> key, int? first, string? after)
    {
        var size = Size(first);
        var start = 0;
        if (!string.IsNullOrEmpty(after))
        {
            var afterKey = Decode(after);
            var index = items.Select(key).ToList().IndexOf(afterKey);
            if (index < 0)
                throw PoaErrors.Of(PoaErrors.BadCursor, "The cursor does not point into this list (the item may be gone).");
            start = index + 1;
        }
        var edges = items.Skip(start).Take(size).Select(item => new Edge<T>(Encode(key(item)), item)).ToList();
        return new Connection<T>(edges, new PageInfo(start + edges.Count < items.Count, edges.Count > 0 ? edges[^1].Cursor : null), items.Count);
    }

    /// <summary>The <c>first</c> and <c>after</c> arguments every paged list takes (the complexity model charges the
    /// list by <c>first</c>).</summary>
    public static FieldBuilder<TSource, TReturn> WithPaging<TSource, TReturn>(this FieldBuilder<TSource, TReturn> field)
    {
        ArgumentNullException.ThrowIfNull(field);
        return field.Argument<IntGraphType>("first", a => a.DefaultValue = 50).Argument<StringGraphType>("after");
    }

    /// <summary>A page of an in-memory list by the field's <c>first</c> and <c>after</c> arguments.</summary>
    public static Connection<T> Page<T>(IResolveFieldContext context, IReadOnlyList<T> items, Func<T, string> key)
    {
        ArgumentNullException.ThrowIfNull(context);
        return Page(items, key, context.GetArgument<int?>("first"), context.GetArgument<string?>("after"));
    }

    /// <summary>The page size <c>first</c> asks for (50 by default), refused outside 0..<see cref="MaxPageSize"/>.</summary>
    public static int Size(int? first)
    {
        var size = first ?? 50;
        return size is < 0 or > MaxPageSize ? throw PoaErrors.Of(PoaErrors.BadRequest, $"first must be between 0 and {MaxPageSize}.") : size;
    }

    /// <summary>The key of the item a cursor names, for lists read from the database after a key.</summary>
    public static string? KeyAfter(string? after) => string.IsNullOrEmpty(after) ? null : Decode(after);

    /// <summary>A page read from the database: <paramref name="rows"/> holds up to <paramref name="size"/> + 1 items
    /// after the cursor (one more says that more follow), <paramref name="totalCount"/> all the list's items.</summary>
    public static Connection<T> FromRows<T>(IReadOnlyList<T> rows, Func<T, string> key, int size, int totalCount)
    {
        ArgumentNullException.ThrowIfNull(rows);
        var edges = rows.Take(size).Select(item => new Edge<T>(Encode(key(item)), item)).ToList();
        return new Connection<T>(edges, new PageInfo(rows.Count > size, edges.Count > 0 ? edges[^1].Cursor : null), totalCount);
    }

    private static string Encode(string key) => Convert.ToBase64String(Encoding.UTF8.GetBytes(key));

    private static string Decode(string cursor)
    {
        try
        {
            return Encoding.UTF8.GetString(Convert.FromBase64String(cursor));
        }
        catch (FormatException)
        {
            throw PoaErrors.Of(PoaErrors.BadCursor, "The cursor is not one this server gave.");
        }
    }
}

public sealed class PageInfoType : ObjectGraphType<PageInfo>
{
    public PageInfoType()
    {
        Name = "PageInfo";
        Field(p => p.HasNextPage);
        Field(p => p.EndCursor, nullable: true);
    }
}

/// <summary>The connection type of a node type: <c>{Node}Connection { edges { cursor node } pageInfo totalCount }</c>.</summary>
public abstract class ConnectionType<TNodeType, TNode> : ObjectGraphType<Connection<TNode>>
    where TNodeType : IGraphType
{
    protected ConnectionType(string nodeName)
    {
        Name = $"{nodeName}Connection";
        Field<NonNullGraphType<ListGraphType<NonNullGraphType<EdgeType<TNodeType, TNode>>>>>("edges").Resolve(c => c.Source.Edges);
        Field<NonNullGraphType<ListGraphType<NonNullGraphType<TNodeType>>>>("nodes").Resolve(c => c.Source.Edges.Select(e => e.Node));
        Field<NonNullGraphType<PageInfoType>>("pageInfo").Resolve(c => c.Source.PageInfo);
        Field(c => c.TotalCount);
    }
}

public sealed class EdgeType<TNodeType, TNode> : ObjectGraphType<Edge<TNode>>
    where TNodeType : IGraphType
{
    public EdgeType()
    {
        Name = $"{typeof(TNodeType).Name.Replace("Type", "", StringComparison.Ordinal)}Edge";
        Field(e => e.Cursor);
        Field<NonNullGraphType<TNodeType>>("node").Resolve(c => c.Source.Node);
    }
}
