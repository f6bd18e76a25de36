using System.Globalization;
using System.Text;
using System.Text.Json.Nodes;
using GraphQL.Types;
using PoaPlatform.Domain.Import;
using PoaPlatform.Domain.Model;

namespace PoaPlatform.Server.Tests.Fuzzing;

/// <summary>One request of the fuzzer: the body as sent (not always valid JSON), the token, and what made it.</summary>
public sealed record FuzzOperation(string Kind, string Body, string? Token, string Query);

/// <summary>
/// Random GraphQL requests for one municipality, read from the schema itself: valid queries and mutations with
/// ordinary and extreme arguments and variables, the same corrupted, and documents built to hurt (deep nesting, many
/// aliases, repeated fields, fragment bombs, huge strings, unpaired surrogates, malformed JSON). Deterministic for a
/// given <see cref="Random"/>.
/// </summary>
public sealed class OperationGenerator(ISchema schema, Random random, string municipality, IReadOnlyList<string?> tokens)
{
    private static readonly string[] s_departments = ["obras", "cultura", "salud"];

    private static readonly string[] s_strings =
    [
        "", " ", "x", "Obras Públicas", "obras", "Secretaría Particular", "\u0000", "\t\n", "😀", "Ω≈ç√", "null", "{}", "\"", "\\",
        "%s%s%n", "'; DROP TABLE poa_audit; --", "<script>alert(1)</script>", "../../etc/passwd", "\uFEFF", "\u0301a",
    ];

    private static readonly string[] s_decimals =
    [
        "0", "1", "0.5", "1000", "0.01", "0.0001", "0.001", "-1", "-0.01", "10000000000000", "10000000000000.01", "1000000000000",
        "1000000000000.0001", "79228162514264337593543950335", "79228162514264337593543950336", "1e40", "1e-40", "-79228162514264337593543950335",
        "123456789.123456789", "2147483648", "3.4028235e38",
    ];

    private static readonly string[] s_punctuation = ["{", "}", "(", ")", ":", "$", "@", "...", "\"", "#", "!", "[", "]", "="];

    private static readonly string[] s_renames = ["poa2", "Poa", "__poa", "p\\u006Fa", ""];

    private static readonly string[] s_empty = ["", " ", "# nothing", "{}", "query", "mutation { }", "{ __typename }"];

    private static readonly string[] s_departmentNames = ["Obras", "Cultura", "Salud"];

    private static readonly string[] s_ints = ["0", "1", "-1", "2", "12", "13", "2021", "1979", "2101", "99999", "100000", "2147483647", "2147483648", "-2147483649", "1.5", "1e3"];

    private int _aliases;

    public FuzzOperation Next() => random.Next(100) switch
    {
        < 38 => Query(),
        < 62 => Mutation(),
        < 80 => Corrupt(random.Next(2) == 0 ? Query() : Mutation()),
        _ => Hostile(),
    };

    /// <summary>A query of random fields, arguments and depth.</summary>
    public FuzzOperation Query()
    {
        var selections = Selections((IComplexGraphType)schema.Query, depth: 0, maxDepth: random.Next(1, 7));
        var name = random.Next(4) == 0 ? $" Q{random.Next(1000)}" : "";
        return Request("query", $"query{name} {{ {selections} }}");
    }

    /// <summary>A mutation, its input inline or as a variable, with a payload selection.</summary>
    public FuzzOperation Mutation()
    {
        var fields = ((IComplexGraphType)schema.Mutation!).Fields.ToList();
        var field = fields[random.Next(fields.Count)];
        var payload = Unwrap(field.ResolvedType!) is IComplexGraphType complex ? $" {{ {Selections(complex, 1, random.Next(1, 4))} }}" : "";
        if (field.Arguments is { Count: 1 } arguments && arguments[0].Name == "input" && random.Next(3) == 0)
        {
            var type = Unwrap(arguments[0].ResolvedType!);
            var variables = new JsonObject { ["i"] = JsonValue(arguments[0].ResolvedType!, "input", depth: 0) };
            return Request("mutation/variables", $"mutation($i: {type.Name}!) {{ {field.Name}(input: $i){payload} }}", variables);
        }
        return Request("mutation", $"mutation {{ {Alias()}{field.Name}{Arguments(field.Arguments)}{payload} }}");
    }

    /// <summary>A request broken on purpose: its text cut, doubled, swapped, or its JSON malformed.</summary>
    public FuzzOperation Corrupt(FuzzOperation operation)
    {
        var query = operation.Query;
        var at = random.Next(query.Length);
        var length = Math.Min(random.Next(1, 40), query.Length - at);
        return random.Next(8) switch
        {
            0 => Request("corrupt/cut", query.Remove(at, length)),
            1 => Request("corrupt/insert", query.Insert(at, s_punctuation[random.Next(s_punctuation.Length)])),
            2 => Request("corrupt/double", query.Insert(at, query[at..Math.Min(query.Length, at + length)])),
            3 => Request("corrupt/name", query.Replace("poa", s_renames[random.Next(s_renames.Length)], StringComparison.Ordinal)),
            4 => operation with { Kind = "corrupt/json", Body = operation.Body[..random.Next(operation.Body.Length)] },
            5 => operation with { Kind = "corrupt/variables", Body = new JsonObject { ["query"] = query, ["variables"] = JsonValue(random) }.ToJsonString() },
            6 => operation with { Kind = "corrupt/operationName", Body = new JsonObject { ["query"] = query, ["operationName"] = "Missing" }.ToJsonString() },
            _ => operation with { Kind = "corrupt/token", Token = "Bearer-not-a-token." + new string('x', random.Next(1, 2000)) },
        };
    }

    /// <summary>Documents that cost a naive server dearly.</summary>
    public FuzzOperation Hostile()
    {
        var n = random.Next(100);
        var depth = random.Next(20, 300);
        return n switch
        {
            < 8 => Request("hostile/nesting", "{ " + Repeat("poa(year: 2021) { ", depth) + "key" + Repeat(" }", depth) + " }"),
            < 16 => Request("hostile/list-literal", $"{{ poa(year: 2021, municipality: {new string('[', depth)}\"{municipality}\"{new string(']', depth)}) {{ key }} }}"),
            < 24 => Request("hostile/repeated", "{ " + Repeat("poa(year: 2021) { key } ", random.Next(5, 3000)) + "}"),
            < 32 => Request("hostile/aliases", "{ " + string.Concat(Enumerable.Range(0, random.Next(10, 1500)).Select(i => $"p{i}: poa(municipality: \"m0x{i}\", year: 2021) {{ key }} ")) + "}"),
            < 40 => Request("hostile/audit", "{ poa(year: 2021) { " + string.Concat(Enumerable.Range(0, random.Next(2, 120)).Select(i => $"a{i}: audit(first: 500) {{ field user }} ")) + "} }"),
            < 46 => Request("hostile/fragments", "{ poa(year: 2021) { ...F" + (random.Next(3, 25) - 1) + " } } fragment F0 on Poa { key } " +
                string.Concat(Enumerable.Range(1, 30).Select(i => $"fragment F{i} on Poa {{ ...F{i - 1} ...F{i - 1} }} "))),
            < 52 => Request("hostile/tokens", "{ " + Repeat("__typename ", random.Next(1000, 9000)) + "}"),
            < 60 => Request("hostile/huge-string", $"{{ poa(year: 2021, municipality: \"{new string('m', random.Next(1000, 200_000))}\") {{ key }} }}"),
            < 66 => Request("hostile/surrogate", $"{{ poa(year: 2021, municipality: \"{municipality}\\ud800\") {{ key totals {{ investment }} }} }}"),
            < 72 => Request("hostile/deep-variables", "query($m: String!) { poa(year: 2021, municipality: $m) { key } }",
                new JsonObject { ["m"] = Nest(random.Next(10, 200)) }),
            < 78 => Request("hostile/huge-variable", "query($m: String!) { poa(year: 2021, municipality: $m) { key } }",
                new JsonObject { ["m"] = new string('é', random.Next(1000, 120_000)) }),
            < 82 => Request("hostile/subscription-over-http", $"subscription {{ poaChanged(municipality: \"{municipality}\", year: 2021) {{ version }} }}"),
            < 86 => Request("hostile/introspection", "{ __schema { types { name fields { name args { name type { name ofType { name ofType { name } } } } } } } }"),
            < 90 => Request("hostile/garbage", new string(Enumerable.Range(0, random.Next(1, 500)).Select(_ => (char)random.Next(1, 0x2FFF)).ToArray())),
            < 94 => Request("hostile/empty", s_empty[random.Next(s_empty.Length)]),
            _ => Request("hostile/many-operations", string.Concat(Enumerable.Range(0, random.Next(2, 400)).Select(i => $"query Q{i} {{ poa(year: 2021) {{ key }} }} "))),
        };
    }

    private FuzzOperation Request(string kind, string query, JsonObject? variables = null)
    {
        var body = new JsonObject { ["query"] = query };
        if (variables is not null)
            body["variables"] = variables;
        return new FuzzOperation(kind, body.ToJsonString(), tokens[random.Next(tokens.Count)], query);
    }

    private string Selections(IComplexGraphType type, int depth, int maxDepth)
    {
        var fields = type.Fields.Where(f => !f.Name.StartsWith("__", StringComparison.Ordinal)).ToList();
        var count = Math.Min(fields.Count, random.Next(1, 5));
        var chosen = Enumerable.Range(0, count).Select(_ => fields[random.Next(fields.Count)]).ToList();
        var builder = new StringBuilder();
        foreach (var field in chosen)
        {
            builder.Append(Alias()).Append(field.Name).Append(Arguments(field.Arguments));
            if (Unwrap(field.ResolvedType!) is IComplexGraphType complex)
                builder.Append(" { ").Append(depth + 1 >= maxDepth ? "__typename" : Selections(complex, depth + 1, maxDepth)).Append(" }");
            builder.Append(' ');
        }
        if (random.Next(12) == 0)
            builder.Append("... on ").Append(type.Name).Append(" { __typename } ");
        return builder.ToString();
    }

    private string Alias() => random.Next(5) == 0 ? $"a{_aliases++ % 50}: " : "";

    private string Arguments(QueryArguments? arguments)
    {
        if (arguments is null || arguments.Count == 0)
            return "";
        var given = arguments.Where(a => a.ResolvedType is NonNullGraphType || random.Next(3) == 0)
            .Select(a => $"{a.Name}: {Literal(a.ResolvedType!, a.Name, 0)}")
            .ToList();
        return given.Count == 0 ? "" : $"({string.Join(", ", given)})";
    }

    /// <summary>A literal for a value of <paramref name="type"/>: usually one that makes sense for the field, now and
    /// then one at or beyond its range, or of another type.</summary>
    private string Literal(IGraphType type, string name, int depth)
    {
        var inner = type is NonNullGraphType nonNull ? nonNull.ResolvedType! : type;
        if (random.Next(25) == 0)
            return AnyLiteral();
        switch (inner)
        {
            case ListGraphType list:
                var count = random.Next(20) == 0 ? random.Next(10, 120) : name == "monthlyTargets" ? 12 : random.Next(0, 4);
                return "[" + string.Join(", ", Enumerable.Range(0, count).Select(_ => Literal(list.ResolvedType!, name, depth + 1))) + "]";
            case IInputObjectGraphType input:
                if (depth > 4)
                    return "{}";
                var fields = input.Fields.Where(f => f.ResolvedType is NonNullGraphType || random.Next(3) > 0)
                    .Select(f => $"{f.Name}: {Literal(f.ResolvedType!, f.Name, depth + 1)}");
                return "{ " + string.Join(", ", fields) + " }";
            case EnumerationGraphType enumeration:
                var values = enumeration.Values.Select(v => v.Name).ToList();
                return random.Next(10) == 0 ? "NO_SUCH_VALUE" : values[random.Next(values.Count)];
            case BooleanGraphType:
                return random.Next(2) == 0 ? "true" : "false";
            case IntGraphType:
                return Int(name);
            case LongGraphType:
                return random.Next(6) == 0 ? s_ints[random.Next(s_ints.Length)] : random.Next(0, 20).ToString(CultureInfo.InvariantCulture);
            case DecimalGraphType:
                return random.Next(4) == 0 ? s_decimals[random.Next(s_decimals.Length)] : (random.Next(0, 100_000) / 100m).ToString(CultureInfo.InvariantCulture);
            case StringGraphType or IdGraphType:
                return Quote(String(name));
            default:
                return AnyLiteral();
        }
    }

    private string Int(string name)
    {
        if (random.Next(8) == 0)
            return s_ints[random.Next(s_ints.Length)];
        return name switch
        {
            "year" => "2021",
            "first" => random.Next(0, 60).ToString(CultureInfo.InvariantCulture),
            "number" or "action" => random.Next(1, 31).ToString(CultureInfo.InvariantCulture),
            "month" or "upToMonth" => random.Next(1, 13).ToString(CultureInfo.InvariantCulture),
            "activityId" => random.Next(1, 5).ToString(CultureInfo.InvariantCulture),
            "chapter" => (random.Next(0, 10) * 1000).ToString(CultureInfo.InvariantCulture),
            "men" or "women" => random.Next(0, 5000).ToString(CultureInfo.InvariantCulture),
            _ => random.Next(-2, 100).ToString(CultureInfo.InvariantCulture),
        };
    }

    private string String(string name)
    {
        if (random.Next(10) == 0)
            return random.Next(8) == 0 ? new string('s', random.Next(100, 6000)) : s_strings[random.Next(s_strings.Length)];
        return name switch
        {
            "municipality" => municipality,
            "department" or "slug" => s_departments[random.Next(s_departments.Length)],
            "axis" => $"Eje {random.Next(1, 4)}",
            "document" => Document(),
            "after" => Convert.ToBase64String(Encoding.UTF8.GetBytes($"{municipality}/2021/{s_departments[random.Next(3)]}")),
            "clientMutationId" => $"fuzz-{random.Next(1000)}",
            "name" or "description" => $"Nombre {random.Next(1000)}",
            _ => s_strings[random.Next(s_strings.Length)],
        };
    }

    /// <summary>A POA in the seed layout with a few actions, now and then with values beyond the rules.</summary>
    private string Document()
    {
        var departments = Enumerable.Range(0, random.Next(1, 3)).Select(d =>
        {
            var actions = Enumerable.Range(1, random.Next(1, 4)).Select(n =>
            {
                var monthly = new MonthlyValues(Enumerable.Range(0, 12).Select(_ => (decimal)random.Next(0, 20)));
                var activity = new Activity(1, $"Actividad {n}", "Área", "Piezas", "Número", random.Next(0, 100) * 10m, monthly.Total, monthly);
                var investment = random.Next(15) == 0 ? decimal.Parse(s_decimals[random.Next(9, 13)], CultureInfo.InvariantCulture) : activity.Investment;
                return new PoaAction(random.Next(1, 31), $"Acción {n}", [$"Eje {random.Next(1, 4)}"], "Meta", "Objetivo", "Estrategia", "Propósito",
                    new Beneficiaries(random.Next(0, 100), random.Next(0, 100)), investment, [new BudgetItem(random.Next(10) == 0 ? "12" : "3821")], [activity]);
            }).ToArray();
            var departmentName = random.Next(20) == 0 ? new string('D', random.Next(201, 400)) : s_departmentNames[d];
            return new Department(departmentName, actions);
        }).ToArray();
        var text = PoaWriter.Write(new PoaDocument(2021, departments, []));
        return random.Next(10) == 0 ? text[..random.Next(text.Length)] : text;
    }

    private string AnyLiteral() => random.Next(7) switch
    {
        0 => s_ints[random.Next(s_ints.Length)],
        1 => s_decimals[random.Next(s_decimals.Length)],
        2 => Quote(s_strings[random.Next(s_strings.Length)]),
        3 => "null",
        4 => "[1, \"two\", { three: 3 }]",
        5 => "{ a: { b: { c: [1, 2, 3] } } }",
        _ => "NOT_AN_ENUM",
    };

    private JsonNode? JsonValue(IGraphType type, string name, int depth)
    {
        var inner = type is NonNullGraphType nonNull ? nonNull.ResolvedType! : type;
        if (random.Next(25) == 0)
            return JsonValue(random);
        switch (inner)
        {
            case ListGraphType list:
                var count = random.Next(20) == 0 ? random.Next(10, 120) : name == "monthlyTargets" ? 12 : random.Next(0, 4);
                return new JsonArray([.. Enumerable.Range(0, count).Select(_ => JsonValue(list.ResolvedType!, name, depth + 1))]);
            case IInputObjectGraphType input:
                var result = new JsonObject();
                if (depth > 4)
                    return result;
                foreach (var field in input.Fields.Where(f => f.ResolvedType is NonNullGraphType || random.Next(3) > 0))
                    result[field.Name] = JsonValue(field.ResolvedType!, field.Name, depth + 1);
                return result;
            case EnumerationGraphType enumeration:
                var values = enumeration.Values.Select(v => v.Name).ToList();
                return values[random.Next(values.Count)];
            case BooleanGraphType:
                return random.Next(2) == 0;
            case IntGraphType:
                return int.TryParse(Int(name), CultureInfo.InvariantCulture, out var i) ? i : JsonNode.Parse(Int(name));
            case LongGraphType:
                return random.Next(0, 20);
            case DecimalGraphType:
                var text = random.Next(4) == 0 ? s_decimals[random.Next(s_decimals.Length)] : (random.Next(0, 100_000) / 100m).ToString(CultureInfo.InvariantCulture);
                return random.Next(5) == 0 ? text : JsonNode.Parse(text);
            default:
                return String(name);
        }
    }

    private static JsonNode? JsonValue(Random random) => random.Next(6) switch
    {
        0 => "not a value",
        1 => JsonNode.Parse("1e308"),
        2 => new JsonArray(1, "x", null),
        3 => new JsonObject { ["nested"] = new JsonObject { ["deeper"] = new JsonArray() } },
        4 => null,
        _ => JsonNode.Parse("-0.0000000000000000000000000000001"),
    };

    private static JsonNode Nest(int depth)
    {
        JsonNode node = "m";
        for (var i = 0; i < depth; i++)
            node = new JsonArray(node);
        return node;
    }

    private static IGraphType Unwrap(IGraphType type)
    {
        while (true)
        {
            switch (type)
            {
                case NonNullGraphType nonNull:
                    type = nonNull.ResolvedType!;
                    break;
                case ListGraphType list:
                    type = list.ResolvedType!;
                    break;
                default:
                    return type;
            }
        }
    }

    private static string Quote(string text)
    {
        var builder = new StringBuilder(text.Length + 2).Append('"');
        foreach (var c in text)
        {
            _ = c switch
            {
                '"' => builder.Append("\\\""),
                '\\' => builder.Append("\\\\"),
                < ' ' => builder.Append(CultureInfo.InvariantCulture, $"\\u{(int)c:X4}"),
                _ when char.IsSurrogate(c) => builder.Append(CultureInfo.InvariantCulture, $"\\u{(int)c:X4}"),
                _ => builder.Append(c),
            };
        }
        return builder.Append('"').ToString();
    }

    private static string Repeat(string text, int times) => string.Concat(Enumerable.Repeat(text, times));
}
