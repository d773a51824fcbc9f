using System.Security.Cryptography.X509Certificates;
using System.Xml.Linq;
using Microsoft.AspNetCore.DataProtection;
using Microsoft.AspNetCore.DataProtection.KeyManagement;
using Microsoft.AspNetCore.DataProtection.Repositories;
using Microsoft.Extensions.Options;
using Sage.Server.Infrastructure;

namespace Sage.Server.Settings;

/// <summary>
/// The Data Protection key ring, which encrypts the stored TwelveLabs key: in &lt;Sage:DataDirectory&gt;/keys, the
/// directory 0700 and each key file 0600. With <c>Sage:DataProtection:CertificatePath</c> (a PKCS#12 file, and
/// <c>CertificatePassword</c>) every key is also encrypted with that certificate, so a copy of the data directory alone
/// does not give the secrets away; without it SAGE warns at start-up.
/// </summary>
public static partial class KeyRing
{
    public const string SectionName = "Sage:DataProtection";

    public static void AddSageKeyRing(this IServiceCollection services, IConfiguration configuration)
    {
        var builder = services.AddDataProtection().SetApplicationName("SAGE");
        // PersistKeysToFileSystem, but with the directory read from the validated options at resolve
        // time rather than from configuration at registration time.
        services.AddOptions<KeyManagementOptions>()
            .Configure<IOptions<SageOptions>, ILoggerFactory>((keyManagement, sage, loggers) =>
                keyManagement.XmlRepository = new OwnerOnlyXmlRepository(
                    OwnerOnlyFiles.EnsureDirectory(Path.Combine(sage.Value.DataDirectoryFullPath, "keys")), loggers));

        var section = configuration.GetSection(SectionName);
        if (section["CertificatePath"] is { Length: > 0 } path)
        {
            // Loaded here so a missing file or a wrong password stops the start with the reason.
            builder.ProtectKeysWithCertificate(LoadCertificate(path, section["CertificatePassword"]));
        }
        else
        {
            services.AddHostedService<UnprotectedKeyRingWarning>();
        }
    }

    private static X509Certificate2 LoadCertificate(string path, string? password)
    {
        try
        {
            var certificate = X509CertificateLoader.LoadPkcs12FromFile(path, password);
            return certificate.HasPrivateKey
                ? certificate
                : throw new InvalidOperationException($"{SectionName}:CertificatePath names a certificate without its private key; the key ring needs both.");
        }
        catch (System.Security.Cryptography.CryptographicException e)
        {
            throw new InvalidOperationException($"{SectionName}:CertificatePath could not be read as a PKCS#12 file with the given password: {e.Message}", e);
        }
    }

    /// <summary>The file repository, tightening each key file it writes to 0600.</summary>
    private sealed class OwnerOnlyXmlRepository(DirectoryInfo directory, ILoggerFactory loggers) : IXmlRepository
    {
        private readonly FileSystemXmlRepository _files = new(directory, loggers);

        public IReadOnlyCollection<XElement> GetAllElements() => _files.GetAllElements();

        public void StoreElement(XElement element, string friendlyName)
        {
            _files.StoreElement(element, friendlyName);
            foreach (var file in directory.EnumerateFiles("*.xml"))
            {
                OwnerOnlyFiles.Tighten(file.FullName, OwnerOnlyFiles.FileBits);
            }
        }
    }

    private sealed partial class UnprotectedKeyRingWarning(ILogger<UnprotectedKeyRingWarning> logger) : IHostedService
    {
        public Task StartAsync(CancellationToken cancellationToken)
        {
            LogUnprotected();
            return Task.CompletedTask;
        }

        public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;

        [LoggerMessage(EventId = 720, Level = LogLevel.Warning, Message = "The key ring that encrypts stored secrets is itself unencrypted (only file modes protect it); set " + SectionName + ":CertificatePath to protect it with a certificate")]
        private partial void LogUnprotected();
    }
}
