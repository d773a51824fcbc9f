using System.Net;
using System.Net.Http.Json;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using System.Text.Json;
using Sage.Server.Tests.Settings;

namespace Sage.Server.Tests.Security;

/// <summary>The database and the key ring are the service user's alone, and the key ring can be sealed with a certificate.</summary>
[System.Runtime.Versioning.UnsupportedOSPlatform("windows")]
public sealed class AtRestTests : IDisposable
{
    private const UnixFileMode OwnerOnlyFile = UnixFileMode.UserRead | UnixFileMode.UserWrite;
    private const UnixFileMode OwnerOnlyDirectory = OwnerOnlyFile | UnixFileMode.UserExecute;
    private readonly string _dataDirectory = Directory.CreateTempSubdirectory("sage-at-rest-").FullName;

    public void Dispose() => Directory.Delete(_dataDirectory, recursive: true);

    [Fact]
    public async Task The_Database_And_The_Key_Ring_Are_Owner_Only_And_An_Older_Wide_Database_Is_Tightened()
    {
        var database = Path.Combine(_dataDirectory, "sage.db");
        await File.WriteAllBytesAsync(database, []);
        File.SetUnixFileMode(database, OwnerOnlyFile | UnixFileMode.GroupRead | UnixFileMode.OtherRead);

        await using (var server = await SettingsServer.StartAsync(dataDirectory: _dataDirectory))
        {
            using var put = await server.Client.PutAsJsonAsync("/api/settings/twelvelabs", new { apiKey = server.Fake.ApiKey });
            Assert.Equal(HttpStatusCode.OK, put.StatusCode);
        }

        Assert.Equal(OwnerOnlyFile, File.GetUnixFileMode(database));
        foreach (var journal in Directory.GetFiles(_dataDirectory, "sage.db-*"))
        {
            Assert.Equal(OwnerOnlyFile, File.GetUnixFileMode(journal));
        }

        var keys = Path.Combine(_dataDirectory, "keys");
        Assert.Equal(OwnerOnlyDirectory, File.GetUnixFileMode(keys));
        var files = Directory.GetFiles(keys, "*.xml");
        Assert.NotEmpty(files);
        Assert.All(files, f => Assert.Equal(OwnerOnlyFile, File.GetUnixFileMode(f)));
        // Unprotected: the key itself is in the file (the start-up warning says so).
        Assert.Contains("<masterKey", await File.ReadAllTextAsync(files[0]), StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_Certificate_Seals_The_Key_Ring_And_The_Next_Start_Still_Reads_The_Stored_Key()
    {
        var pfx = Path.Combine(_dataDirectory, "..", Path.GetFileName(_dataDirectory) + "-ring.pfx");
        using (var rsa = RSA.Create(2048))
        {
            var request = new CertificateRequest("CN=SAGE key ring test", rsa, HashAlgorithmName.SHA256, RSASignaturePadding.Pkcs1);
            using var certificate = request.CreateSelfSigned(DateTimeOffset.UtcNow.AddDays(-1), DateTimeOffset.UtcNow.AddDays(30));
            await File.WriteAllBytesAsync(pfx, certificate.Export(X509ContentType.Pkcs12, "ring-password"));
        }

        try
        {
            var settings = new Dictionary<string, string?>
            {
                ["Sage:DataProtection:CertificatePath"] = pfx,
                ["Sage:DataProtection:CertificatePassword"] = "ring-password",
            };
            string apiKey;
            await using (var server = await SettingsServer.StartAsync(settings, dataDirectory: _dataDirectory))
            {
                apiKey = server.Fake.ApiKey;
                using var put = await server.Client.PutAsJsonAsync("/api/settings/twelvelabs", new { apiKey });
                Assert.Equal(HttpStatusCode.OK, put.StatusCode);
            }

            var ring = await File.ReadAllTextAsync(Assert.Single(Directory.GetFiles(Path.Combine(_dataDirectory, "keys"), "*.xml")));
            Assert.Contains("<encryptedSecret", ring, StringComparison.Ordinal);
            Assert.DoesNotContain("<masterKey", ring, StringComparison.Ordinal);

            await using (var again = await SettingsServer.StartAsync(settings, dataDirectory: _dataDirectory))
            {
                using var status = JsonDocument.Parse(await again.Client.GetStringAsync("/api/settings/twelvelabs"));
                Assert.True(status.RootElement.GetProperty("configured").GetBoolean());
                Assert.Equal("settings", status.RootElement.GetProperty("source").GetString());
                Assert.Equal(apiKey[^4..], status.RootElement.GetProperty("hint").GetString());
            }

            settings["Sage:DataProtection:CertificatePassword"] = "wrong";
            using var wrong = new SageServerFactory(settings, _dataDirectory);
            var failure = Assert.ThrowsAny<Exception>(() => wrong.Services);
            Assert.Contains("CertificatePath could not be read", failure.ToString(), StringComparison.Ordinal);
        }
        finally
        {
            File.Delete(pfx);
        }
    }
}
