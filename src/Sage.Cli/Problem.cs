using System.Net.Http.Json;
using System.Text.Json;

namespace Sage.Cli;

/// <summary>A server's problem+json, reduced to what a person reads: title and detail.</summary>
public sealed record Problem(int Status, string Title, string? Detail)
{
    public static async Task<Problem> ReadAsync(HttpResponseMessage response, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(response);
        var status = (int)response.StatusCode;
        var fallback = new Problem(status, $"HTTP {status} {response.ReasonPhrase}", null);
        if (response.Content.Headers.ContentType?.MediaType is not ("application/problem+json" or "application/json"))
        {
            return fallback;
        }

        try
        {
            var json = await response.Content.ReadFromJsonAsync<JsonElement>(cancellationToken).ConfigureAwait(false);
            var title = json.TryGetProperty("title", out var t) && t.ValueKind == JsonValueKind.String ? t.GetString()! : fallback.Title;
            var detail = json.TryGetProperty("detail", out var d) && d.ValueKind == JsonValueKind.String ? d.GetString() : null;
            return new Problem(status, title, detail);
        }
        catch (JsonException)
        {
            return fallback;
        }
    }

    public override string ToString() => Detail is null ? Title : $"{Title}: {Detail}";
}
