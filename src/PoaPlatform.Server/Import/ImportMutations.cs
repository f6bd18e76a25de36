using GraphQL;
using GraphQL.Types;
using PoaPlatform.Abstractions;
using PoaPlatform.Abstractions.Poas;
using PoaPlatform.Domain.Import;
using PoaPlatform.Domain.Rules;
using PoaPlatform.Grains.Import;
using PoaPlatform.Server.Auth;
using PoaPlatform.Server.Consolidation;
using PoaPlatform.Server.Poas;
using PoaPlatform.Server.GraphQL;

using PoaPlatform.Server.Telemetry;

namespace PoaPlatform.Server.Import;

/// <summary>importPoa: reads text in the seed layout and loads it into the grains (or, with dryRun, only reads it).</summary>
public static class ImportMutations
{
    public static void AddTo(ObjectGraphType mutation) =>
        mutation.Field<ImportPayloadType>("importPoa")
            .Description("Imports a POA in the seed text layout. Findings never stop an import; a format error does (BAD_POA_FORMAT).")
            .Argument<NonNullGraphType<StringGraphType>>("municipality", a => a.DefaultValue = "zacatecas")
            .Argument<NonNullGraphType<StringGraphType>>("document", a => a.Description = "The POA text, tab-separated as the seed.")
            .Argument<NonNullGraphType<BooleanGraphType>>("dryRun", a =>
            {
                a.DefaultValue = false;
                a.Description = "Only read the text and report its findings and totals; change nothing.";
            })
            .Argument<NonNullGraphType<BooleanGraphType>>("approved", a =>
            {
                a.DefaultValue = false;
                a.Description = "A historic POA: each department imported whole lands APROBADO (its baseline) instead of CAPTURA.";
            })
            .Argument<StringGraphType>("clientMutationId", a =>
                a.Description = "Any id of the client's: the same import sent again with it gives each action the answer of the first.")
            .ResolveAsync(async context =>
            {
                var services = context.RequestServices!;
                var authorization = services.GetRequiredService<PoaAuthorization>();
                var asked = context.GetArgument<string>("municipality");
                if (PoaRules.Municipality(asked) is { } badMunicipality)
                    throw PoaErrors.Of(Abstractions.Editing.ErrorCodes.Validation, badMunicipality.Message, badMunicipality.Field);
                var municipality = Slugs.From(asked);
                var editor = authorization.EnsureCanImport(context.User, municipality);
                PoaDocument document;
                try
                {
                    document = PoaReader.Read(context.GetArgument<string>("document"));
                }
                catch (PoaFormatException e)
                {
                    throw new ExecutionError(e.Message)
                    {
                        Code = PoaErrors.BadPoaFormat,
                        Extensions = new() { ["line"] = e.Line, ["column"] = e.Column, ["value"] = e.Value, ["sheet"] = e.Sheet },
                    };
                }

                var dryRun = context.GetArgument<bool>("dryRun");
                var clientMutationId = context.GetArgument<string?>("clientMutationId");
                if (clientMutationId is { Length: > Abstractions.Editing.CommandContext.MaxClientMutationIdLength })
                    throw PoaErrors.Of(Abstractions.Editing.ErrorCodes.Validation, $"clientMutationId has {clientMutationId.Length} characters; keep it to {Abstractions.Editing.CommandContext.MaxClientMutationIdLength}.", "clientMutationId");
                services.GetRequiredService<PoaTelemetry>().Import(dryRun, document.Findings.Select(f => f.Code));
                if (dryRun)
                {
                    context.Errors.AddRange(WouldRefuse(municipality, document));
                    return new ImportPayload(document, DryRun: true, ImportedActions: 0, clientMutationId, Poa: null);
                }

                authorization.EnsureWritable(municipality, document.Year);
                var result = await services.GetRequiredService<PoaImporter>().ImportAsync(municipality, document, editor, clientMutationId,
                    context.GetArgument<bool>("approved"), cancellationToken: context.CancellationToken);
                foreach (var failure in result.Failures)
                    context.Errors.Add(Error(failure));
                var summary = await services.GetRequiredService<IGrainFactory>().Grain<IPoaGrain>(result.PoaKey).GetSummaryAsync();
                return new ImportPayload(document, DryRun: false, result.ImportedActions, clientMutationId,
                    new PoaNode(municipality, document.Year, summary));
            });

    /// <summary>What an import of <paramref name="document"/> would refuse, with its place, so the office can correct it
    /// before saving: a dry run's errors, here and on the upload endpoint.</summary>
    internal static IEnumerable<ExecutionError> WouldRefuse(string municipality, PoaDocument document)
    {
        var poaKey = PoaKeys.Poa(municipality, document.Year);
        return PoaRules.Document(document).Select(violation => Error(PoaImportFailure.Of(poaKey, violation)));
    }

    /// <summary>A part of the document that was not (or would not be) stored: its code, the field, and where it is.
    /// The upload endpoint answers the same error (<see cref="ImportUploadEndpoint"/>).</summary>
    internal static ExecutionError Error(PoaImportFailure failure)
    {
        var error = PoaErrors.From(failure.Error);
        error.Extensions!["action"] = failure.ActionKey;
        error.Extensions["department"] = failure.Department is { Length: > 80 } name ? string.Concat(name.AsSpan(0, 77), "...") : failure.Department;
        error.Extensions["actionNumber"] = failure.ActionNumber;
        return error;
    }
}

/// <summary>What an import read and did.</summary>
public sealed record ImportPayload(PoaDocument Document, bool DryRun, int ImportedActions, string? ClientMutationId, PoaNode? Poa);

public sealed class ImportPayloadType : ObjectGraphType<ImportPayload>
{
    public ImportPayloadType()
    {
        Name = "ImportPayload";
        Field<NonNullGraphType<IntGraphType>>("year").Resolve(c => c.Source.Document.Year);
        Field(p => p.DryRun);
        Field(p => p.ImportedActions).Description("Actions stored; 0 on a dry run.");
        Field(p => p.ClientMutationId, nullable: true).Description("The clientMutationId the import was sent with.");
        Field<NonNullGraphType<DocumentTotalsType>>("totals").Description("The totals of the text as read.").Resolve(c => c.Source.Document.Totals);
        Field<NonNullGraphType<ListGraphType<NonNullGraphType<ImportedDepartmentType>>>>("departments").Resolve(c => c.Source.Document.Departments);
        Field<NonNullGraphType<ListGraphType<NonNullGraphType<FindingType>>>>("findings").Resolve(c => c.Source.Document.Findings);
        Field<PoaType>("poa").Description("The POA after the import; null on a dry run.").Resolve(c => c.Source.Poa);
    }
}

public sealed class DocumentTotalsType : ObjectGraphType<PoaTotals>
{
    public DocumentTotalsType()
    {
        Name = "DocumentTotals";
        Field(t => t.Investment);
        Field(t => t.Actions);
        Field(t => t.Activities);
        Field<NonNullGraphType<PeopleType>>("declaredBeneficiaries").Resolve(c => new People(c.Source.BeneficiariesMen, c.Source.BeneficiariesWomen));
    }
}

public sealed class ImportedDepartmentType : ObjectGraphType<Department>
{
    public ImportedDepartmentType()
    {
        Name = "ImportedDepartment";
        Field(d => d.Name);
        Field(d => d.Slug);
        Field<NonNullGraphType<IntGraphType>>("actions").Resolve(c => c.Source.Actions.Count);
        Field<NonNullGraphType<DecimalGraphType>>("investment").Resolve(c => Sums.Saturating(c.Source.Actions.Select(a => a.Investment)));
    }
}
