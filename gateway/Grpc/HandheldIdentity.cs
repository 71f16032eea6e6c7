namespace GridDispatch.Gateway.Grpc;

public enum HandheldRole { Admin, Responder, Leader }

/// <summary>Who holds a handheld: the command centre, a responder (acts on its own work orders), or a grid leader (acts in the cells they lead).</summary>
public sealed record HandheldIdentity(HandheldRole Role, string Id, string? Township, IReadOnlySet<string> Cells)
{
    public bool MayWhistle(string township, string cell) =>
        Role == HandheldRole.Admin || (Role == HandheldRole.Leader && Township == township && Cells.Contains(cell));

    public bool MayActAs(string responderId) => Role == HandheldRole.Admin || (Role == HandheldRole.Responder && Id == responderId);
}
