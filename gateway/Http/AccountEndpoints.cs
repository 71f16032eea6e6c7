using System.Security.Claims;
using GridDispatch.Gateway.Audit;
using GridDispatch.Grains.Audit;
using GridDispatch.Identity;
using GridDispatch.Grains.Accounts;
using GridDispatch.Grains.Townships;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Routing;

namespace GridDispatch.Gateway.Http;

public sealed record AccountRequest(string? DisplayName, AccountRole? Role, string? Township, string? Village, string? PersonId, string? Password, bool? Disabled);

public sealed record AccountReply(string Name, string DisplayName, AccountRole Role, string? Township, string? Village, string? PersonId, bool Disabled);

/// <summary>
/// <c>/api/accounts/{name}</c>: the county creates any login, a township only logins inside itself and
/// never a county one. An account binds only to people and villages of its own township's topology
/// (<see cref="AccountBinding"/>). A new password or <c>disabled</c> ends every token the account had.
/// </summary>
public static class AccountEndpoints
{
    public static IEndpointRouteBuilder MapAccounts(this IEndpointRouteBuilder app)
    {
        var group = app.MapGroup("/api/accounts/{name}").RequireAuthorization().WithTags("auth");
        group.MapGet("/", Get);
        group.MapPut("/", Put);
        return app;
    }

    public static async Task<Results<Ok<AccountReply>, ProblemHttpResult>> Get(string name, ClaimsPrincipal user, IGrainFactory grains)
    {
        if (AccountNames.Normalize(name) is not { } key || await grains.GetGrain<IAccountGrain>(key).Get() is not { } account)
            return ApiProblems.NotFound($"account {name}");
        return MayManage(user, account) ? TypedResults.Ok(Reply(account)) : ApiProblems.Forbidden(account.Township ?? "county");
    }

    public static async Task<Results<Ok<AccountReply>, ProblemHttpResult>> Put(string name, AccountRequest request, ClaimsPrincipal user, IGrainFactory grains, AuditRecorder audit)
    {
        if (AccountNames.Normalize(name) is not { } key)
            return ApiProblems.Invalid($"a name has 1-{AccountNames.MaxLength} letters, digits, Chinese characters, '.', '_' or '-', and starts with a letter or digit");
        if (request.Role is not { } role || !Enum.IsDefined(role)) return ApiProblems.Invalid("role must be County, Township, Village, Leader or Responder");
        var grain = grains.GetGrain<IAccountGrain>(key);
        var existing = await grain.Get();
        var account = new AccountProfile
        {
            Name = key, DisplayName = request.DisplayName ?? existing?.DisplayName ?? key, Role = role,
            Township = request.Township, Village = request.Village, PersonId = request.PersonId, Disabled = request.Disabled ?? false,
        };
        if (!MayManage(user, account) || existing is not null && !MayManage(user, existing)) return ApiProblems.Forbidden(account.Township ?? "county");
        if (existing is null && request.Password is null) return ApiProblems.Invalid("a new account needs a password");
        if (account.Problem() is { } incomplete) return ApiProblems.Invalid(incomplete);
        // The person or village must be the township's own: no one binds a login to someone of another township.
        var info = role == AccountRole.County ? null : await grains.GetGrain<ITownshipGrain>(account.Township!).GetInfo();
        if (AccountBinding.Problem(account, info) is { } unbound) return ApiProblems.Invalid(unbound);
        if (await grain.Set(account, request.Password) is { } problem) return ApiProblems.Invalid(problem);
        // Never the password itself: only that it changed.
        await audit.RecordAsync(user.Caller(), account.Township ?? AuditDays.County, existing is null ? "account.create" : "account.update", key,
            detail: $"{role}{(request.Password is null ? "" : "，密码已设")}{(account.Disabled ? "，已停用" : "")}");
        return TypedResults.Ok(Reply(account));
    }

    private static bool MayManage(ClaimsPrincipal user, AccountProfile account) => user.Caller() switch
    {
        { Role: AccountRole.County } => true,
        { Role: AccountRole.Township } caller => account.Role != AccountRole.County && account.Township is { } t && caller.MaySee(t),
        _ => false,
    };

    private static AccountReply Reply(AccountProfile a) => new(a.Name, a.DisplayName, a.Role, a.Township, a.Village, a.PersonId, a.Disabled);
}
