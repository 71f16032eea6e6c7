namespace GridDispatch.Gateway.Whistles;

/// <summary>Why a whistle was not taken; each entry point answers it in its own terms (HTTP status, gRPC status, MQTT drop reason).</summary>
public enum WhistleRefusal
{
    /// <summary>Taken (or taken before: the same whistle again).</summary>
    None,

    /// <summary>Something the caller could get wrong: 400, INVALID_ARGUMENT.</summary>
    Invalid,

    /// <summary>The whistle id is already another whistle's (another cell, another reporter or other content): 409, ALREADY_EXISTS.</summary>
    Conflict,

    /// <summary>This reporter blew too many new whistles too fast: 429 with Retry-After, RESOURCE_EXHAUSTED.</summary>
    TooMany,
}
