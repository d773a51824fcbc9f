using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace Sage.Storage.Tests;

public sealed class StorageOptionsTests : IDisposable
{
    private readonly string _dataDirectory = Path.Combine(Path.GetTempPath(), "sage-storage-" + Guid.NewGuid().ToString("N"));

    public void Dispose()
    {
        if (Directory.Exists(_dataDirectory))
        {
            Directory.Delete(_dataDirectory, recursive: true);
        }
    }

    private ServiceProvider BuildProvider(Dictionary<string, string?> settings)
    {
        settings.TryAdd("Sage:DataDirectory", _dataDirectory);
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(settings).Build();
        var services = new ServiceCollection();
        services.AddLogging();
        services.AddSageStorage(configuration);
        return services.BuildServiceProvider();
    }

    [Fact]
    public void Defaults_Are_The_Documented_Ones_And_Valid()
    {
        using var provider = BuildProvider([]);

        var options = provider.GetRequiredService<IOptions<StorageOptions>>().Value;

        Assert.Equal(StorageProvider.FileSystem, options.Provider);
        Assert.Equal(10 * StorageOptions.MiB, options.PartSize);
        Assert.Equal(4, options.MaxPartsInFlight);
        Assert.Equal(64 * StorageOptions.MiB, options.BufferBudgetBytes);
        Assert.Equal(3, options.MaxAttempts);
        Assert.Equal("us-east-1", options.S3.Region);
        Assert.Equal(TimeSpan.FromHours(6), options.S3.PresignedUrlExpiry);
        Assert.False(options.S3.CompatibilityMode);
    }

    [Fact]
    public void The_FileSystem_Store_Lives_Under_The_Data_Directory()
    {
        using var provider = BuildProvider([]);

        var metered = Assert.IsAssignableFrom<MeteredObjectStore>(provider.GetRequiredService<IObjectStore>());
        var store = Assert.IsType<FileSystemObjectStore>(metered.Inner);

        Assert.Equal(Path.Combine(_dataDirectory, "objects", "videos", "x"), store.GetObjectPath("videos/x"));
        Assert.Equal(store.GetObjectPath("videos/x"), metered.LocalPathOf("videos/x"));
        Assert.IsAssignableFrom<IInPlacePartStore>(metered);
        Assert.Same(provider.GetRequiredService<PartBufferPool>(), provider.GetRequiredService<PartBufferPool>());
        Assert.Same(metered, provider.GetRequiredService<MultipartUploader>().Store);
    }

    [Fact]
    public void The_S3_Provider_Is_Chosen_By_Configuration()
    {
        using var provider = BuildProvider(new()
        {
            ["Sage:Storage:Provider"] = "S3",
            ["Sage:Storage:S3:BucketName"] = "videos",
            ["Sage:Storage:S3:ServiceUrl"] = "http://127.0.0.1:9",
            ["Sage:Storage:S3:AccessKeyId"] = "a",
            ["Sage:Storage:S3:SecretAccessKey"] = "b",
            ["Sage:Storage:S3:PresignedUrlExpiry"] = "01:00:00",
        });

        var metered = Assert.IsAssignableFrom<MeteredObjectStore>(provider.GetRequiredService<IObjectStore>());
        var store = Assert.IsType<S3ObjectStore>(metered.Inner);
        Assert.False(metered is IInPlacePartStore);

        Assert.Equal("videos", store.BucketName);
        Assert.Equal(TimeSpan.FromHours(1), provider.GetRequiredService<IOptions<StorageOptions>>().Value.S3.PresignedUrlExpiry);
    }

    [Theory]
    [InlineData("Sage:Storage:PartSize", "1048576")] // below S3's 5 MiB
    [InlineData("Sage:Storage:PartSize", "6442450944")] // above 5 GiB
    [InlineData("Sage:Storage:PartSize", "104857600")] // above the 64 MiB budget
    [InlineData("Sage:Storage:BufferBudgetBytes", "1048576")]
    [InlineData("Sage:Storage:MaxPartsInFlight", "0")]
    [InlineData("Sage:Storage:MaxAttempts", "0")]
    [InlineData("Sage:Storage:Provider", "S3")] // without a bucket
    public void Invalid_Settings_Fail_Validation(string setting, string value)
    {
        using var provider = BuildProvider(new() { [setting] = value });

        Assert.Throws<OptionsValidationException>(() => provider.GetRequiredService<IOptions<StorageOptions>>().Value);
    }

    [Theory]
    [InlineData("Sage:Storage:S3:ServiceUrl", "not a url")]
    [InlineData("Sage:Storage:S3:AccessKeyId", "only-the-id")]
    [InlineData("Sage:Storage:S3:PresignedUrlExpiry", "8.00:00:00")]
    public void Invalid_S3_Settings_Fail_Validation(string setting, string value)
    {
        using var provider = BuildProvider(new()
        {
            ["Sage:Storage:Provider"] = "S3",
            ["Sage:Storage:S3:BucketName"] = "videos",
            [setting] = value,
        });

        Assert.Throws<OptionsValidationException>(() => provider.GetRequiredService<IOptions<StorageOptions>>().Value);
    }
}
