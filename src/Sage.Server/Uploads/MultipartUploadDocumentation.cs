using Microsoft.OpenApi;

namespace Sage.Server.Uploads;

/// <summary>
/// Describes the streamed multipart body in OpenAPI. (<c>Accepts&lt;IFormFile&gt;</c> would also make
/// routing answer 415 to a non-multipart request, where the API promises a 400 problem.)
/// </summary>
public static class MultipartUploadDocumentation
{
    public static TBuilder DocumentsVideoFormUpload<TBuilder>(this TBuilder builder) where TBuilder : IEndpointConventionBuilder =>
        builder.AddOpenApiOperationTransformer((operation, _, _) =>
        {
            operation.RequestBody = new OpenApiRequestBody
            {
                Required = true,
                Description = "The video in a field named 'file'; streamed, never buffered.",
                Content = new Dictionary<string, OpenApiMediaType>
                {
                    ["multipart/form-data"] = new()
                    {
                        Schema = new OpenApiSchema
                        {
                            Type = JsonSchemaType.Object,
                            Required = new HashSet<string> { FormUploadEndpoint.FileFieldName },
                            Properties = new Dictionary<string, IOpenApiSchema>
                            {
                                [FormUploadEndpoint.FileFieldName] = new OpenApiSchema { Type = JsonSchemaType.String, Format = "binary" },
                            },
                        },
                    },
                },
            };
            return Task.CompletedTask;
        });
}
