using Microsoft.AspNetCore.Authentication.BearerToken;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Routing;

namespace GridDispatch.Gateway.Http;

public sealed record LoginRequest(string? Username, string? Password);

/// <summary><c>POST /api/login</c>: a bearer token for the command centre.</summary>
public static class LoginEndpoints
{
    public static IEndpointRouteBuilder MapLogin(this IEndpointRouteBuilder app)
    {
        app.MapPost("/api/login", Login).AllowAnonymous().WithTags("auth");
        return app;
    }

    public static Results<SignInHttpResult, ProblemHttpResult> Login(LoginRequest request, CommandCentreUsers users) =>
        users.SignIn(request.Username, request.Password) is { } user
            ? TypedResults.SignIn(user, authenticationScheme: BearerTokenDefaults.AuthenticationScheme)
            : TypedResults.Problem(statusCode: StatusCodes.Status401Unauthorized, title: "用户名或密码错误 (wrong username or password)");
}
