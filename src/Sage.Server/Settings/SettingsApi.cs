using Sage.Server.Auth;
using Microsoft.AspNetCore.Http.HttpResults;
using Sage.Embeddings.TwelveLabs;
using Sage.Server.Settings;

// In the root namespace so Program.cs needs no extra using for MapSettings.
namespace Sage.Server;

/// <summary>
/// /api/settings: the TwelveLabs key (PUT checks and stores it, GET describes it without revealing
/// it, DELETE removes it), the default engine, and the original's POST /validate-key.
/// </summary>
public static class SettingsApi
{
    public static RouteGroupBuilder MapSettings(this IEndpointRouteBuilder routes)
    {
        var group = routes.MapGroup("/api/settings").WithTags("Settings").RequireAuthorization(SageRoles.Admin);
        group.MapGet("/twelvelabs", GetTwelveLabsAsync)
            .WithName("GetTwelveLabsKey")
            .WithSummary("Whether a TwelveLabs key is configured and valid, its last 4 characters and its source. Never the key.");
        group.MapPut("/twelvelabs", PutTwelveLabsAsync)
            .WithName("SetTwelveLabsKey")
            .RequireRateLimiting(RateLimits.KeyValidation)
            .WithSummary("Checks the key with TwelveLabs and, if valid, stores it encrypted. 400 if invalid, 503 if TwelveLabs cannot be reached (not stored).")
            .ProducesProblem(StatusCodes.Status400BadRequest)
            .ProducesProblem(StatusCodes.Status503ServiceUnavailable);
        group.MapDelete("/twelvelabs", DeleteTwelveLabsAsync).WithName("DeleteTwelveLabsKey");
        group.MapGet("/engine", GetEngineAsync).WithName("GetDefaultEngine");
        group.MapPut("/engine", PutEngineAsync).WithName("SetDefaultEngine").ProducesProblem(StatusCodes.Status400BadRequest);

        routes.MapPost("/validate-key", LegacyValidateKeyAsync)
            .WithTags("Legacy")
            .RequireAuthorization(SageRoles.Admin)
            .RequireRateLimiting(RateLimits.KeyValidation)
            .WithSummary("The original SAGE's key check: {key} → {isValid}. Does not store the key or echo it.")
            .ProducesProblem(StatusCodes.Status503ServiceUnavailable);
        return group;
    }

    private static async Task<Ok<TwelveLabsKeyStatus>> GetTwelveLabsAsync(TwelveLabsKeySettings keys, CancellationToken cancellationToken) =>
        TypedResults.Ok(await keys.GetStatusAsync(cancellationToken).ConfigureAwait(false));

    private static async Task<Results<Ok<TwelveLabsKeyStatus>, ProblemHttpResult>> PutTwelveLabsAsync(
        TwelveLabsKeyRequest? request, TwelveLabsKeySettings keys, CancellationToken cancellationToken)
    {
        if (string.IsNullOrWhiteSpace(request?.ApiKey))
        {
            return TypedResults.Problem(statusCode: StatusCodes.Status400BadRequest, title: "API key missing", detail: "Send {\"apiKey\": \"...\"}.");
        }

        var outcome = await keys.SetKeyAsync(request.ApiKey, cancellationToken).ConfigureAwait(false);
        return outcome.Check.State switch
        {
            TwelveLabsKeyState.Valid => TypedResults.Ok(outcome.Status),
            TwelveLabsKeyState.Invalid => TypedResults.Problem(
                statusCode: StatusCodes.Status400BadRequest,
                title: "Invalid TwelveLabs API key",
                detail: "TwelveLabs rejected this API key as invalid or expired. It was not stored."),
            _ => Unreachable(outcome.Check, "The key was not stored; try again when TwelveLabs can be reached."),
        };
    }

    private static async Task<NoContent> DeleteTwelveLabsAsync(TwelveLabsKeySettings keys, CancellationToken cancellationToken)
    {
        await keys.DeleteKeyAsync(cancellationToken).ConfigureAwait(false);
        return TypedResults.NoContent();
    }

    private static async Task<Ok<EngineSetting>> GetEngineAsync(EmbeddingEngineChooser chooser, CancellationToken cancellationToken) =>
        TypedResults.Ok(await DescribeEngineAsync(chooser, cancellationToken).ConfigureAwait(false));

    private static async Task<Results<Ok<EngineSetting>, ProblemHttpResult>> PutEngineAsync(
        EngineSetting? request, EmbeddingEngineChooser chooser, CancellationToken cancellationToken)
    {
        if (string.IsNullOrWhiteSpace(request?.DefaultEngine) || !await chooser.SetPreferenceAsync(request.DefaultEngine, cancellationToken).ConfigureAwait(false))
        {
            return TypedResults.Problem(
                statusCode: StatusCodes.Status400BadRequest,
                title: "Unknown engine",
                detail: $"defaultEngine must be one of: {string.Join(", ", EmbeddingSelectionOptions.Choices)}.");
        }

        return TypedResults.Ok(await DescribeEngineAsync(chooser, cancellationToken).ConfigureAwait(false));
    }

    private static async Task<Results<Ok<LegacyValidateKeyResponse>, ProblemHttpResult>> LegacyValidateKeyAsync(
        LegacyValidateKeyRequest? request, TwelveLabsKeySettings keys, CancellationToken cancellationToken)
    {
        if (string.IsNullOrWhiteSpace(request?.Key))
        {
            return TypedResults.Ok(new LegacyValidateKeyResponse(false));
        }

        var check = await keys.ValidateAsync(request.Key, cancellationToken).ConfigureAwait(false);
        return check.State == TwelveLabsKeyState.Unreachable
            ? Unreachable(check, "Nothing is known about the key.")
            : TypedResults.Ok(new LegacyValidateKeyResponse(check.IsValid));
    }

    private static async Task<EngineSetting> DescribeEngineAsync(EmbeddingEngineChooser chooser, CancellationToken cancellationToken)
    {
        var (preference, source) = await chooser.GetPreferenceAsync(cancellationToken).ConfigureAwait(false);
        var effective = await chooser.ChooseDefaultEngineAsync(cancellationToken).ConfigureAwait(false);
        return new EngineSetting(preference, source, effective);
    }

    /// <summary>503: the network (or TwelveLabs) is down. Deliberately says nothing about the key's validity.</summary>
    private static ProblemHttpResult Unreachable(TwelveLabsKeyCheck check, string consequence) =>
        TypedResults.Problem(
            statusCode: StatusCodes.Status503ServiceUnavailable,
            title: "TwelveLabs unreachable",
            detail: $"TwelveLabs could not be reached to check the key ({check.Detail}). Check the server's network connection. {consequence}");
}
