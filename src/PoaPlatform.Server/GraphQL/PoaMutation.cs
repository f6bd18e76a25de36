using GraphQL.Types;
using PoaPlatform.Server.Actions;
using PoaPlatform.Server.Import;

namespace PoaPlatform.Server.GraphQL;

/// <summary>The mutation root: its fields are declared by each feature.</summary>
public sealed class PoaMutation : ObjectGraphType
{
    public PoaMutation()
    {
        Name = "Mutation";
        ActionMutations.AddTo(this);
        ImportMutations.AddTo(this);
        Municipalities.MunicipalityFields.AddMutations(this);
        Accounts.AccountFields.AddMutations(this);
        Cycle.CycleFields.AddMutations(this);
        Cycle.ModificationFields.AddMutations(this);
        Evidence.EvidenceFields.AddMutations(this);
    }
}
