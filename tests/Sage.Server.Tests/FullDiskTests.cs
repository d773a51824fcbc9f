using System.Diagnostics;
using System.Globalization;
using System.Net;
using Sage.Server.Tests.Tus;

namespace Sage.Server.Tests;

/// <summary>A data directory on a 48 MiB tmpfs, mounted for the class and unmounted after it.</summary>
public sealed class SmallDiskFixture : IDisposable
{
    public SmallDiskFixture()
    {
        Directory = System.IO.Directory.CreateTempSubdirectory("sage-small-disk-").FullName;
        Mounted = Run("mount", "-t", "tmpfs", "-o", "size=48m", "tmpfs", Directory) == 0;
    }

    public string Directory { get; }

    public bool Mounted { get; }

    public void Dispose()
    {
        if (Mounted)
        {
            Run("umount", "-l", Directory);
        }

        System.IO.Directory.Delete(Directory, recursive: true);
    }

    private static int Run(string file, params string[] arguments)
    {
        var start = new ProcessStartInfo(file) { RedirectStandardError = true, UseShellExecute = false };
        foreach (var argument in arguments)
        {
            start.ArgumentList.Add(argument);
        }

        using var process = Process.Start(start)!;
        process.WaitForExit();
        return process.ExitCode;
    }
}

/// <summary>A disk that fills up: 507 problem+json, nothing left behind, and room again afterwards.</summary>
public sealed class FullDiskTests(SmallDiskFixture disk) : IClassFixture<SmallDiskFixture>
{
    private const int MiB = 1024 * 1024;

    private SageServerFactory CreateServer() => new(
        new Dictionary<string, string?>
        {
            ["Sage:Storage:FreeSpaceReserveBytes"] = MiB.ToString(CultureInfo.InvariantCulture),
            ["Sage:Storage:PartSize"] = (5 * MiB).ToString(CultureInfo.InvariantCulture),
            ["Sage:Storage:BufferBudgetBytes"] = (16 * MiB).ToString(CultureInfo.InvariantCulture),
        },
        dataDirectory: disk.Directory);

    [Fact]
    public async Task Form_Upload_That_Fills_The_Disk_Answers_507_And_Frees_What_It_Wrote()
    {
        Assert.True(disk.Mounted, "mount -t tmpfs failed (the test needs root)");
        await using var server = CreateServer();
        using var client = server.CreateHttpClient();

        using var full = await client.UploadAsync(new FakeVideoStream(100L * MiB));
        Assert.Equal((HttpStatusCode)507, full.StatusCode);
        Assert.Equal("application/problem+json", full.Content.Headers.ContentType?.MediaType);
        Assert.Equal("Insufficient storage", (await full.ReadProblemAsync()).GetProperty("title").GetString());
        Assert.Empty(System.IO.Directory.EnumerateFiles(Path.Combine(disk.Directory, "multipart")));

        // The room came back: a smaller file fits.
        using var small = await client.UploadAsync(new FakeVideoStream(2L * MiB));
        Assert.Equal(HttpStatusCode.Created, small.StatusCode);
    }

    [Fact]
    public async Task Tus_Creation_Longer_Than_The_Free_Space_Answers_507_At_Once()
    {
        Assert.True(disk.Mounted, "mount -t tmpfs failed (the test needs root)");
        await using var server = CreateServer();
        using var client = server.CreateHttpClient();
        var before = System.IO.Directory.EnumerateFiles(Path.Combine(disk.Directory, "multipart")).Count();

        using var created = await client.CreateAsync(1024L * MiB, Sage.Server.Tests.Tus.TusRequests.VideoMetadata);
        Assert.Equal((HttpStatusCode)507, created.StatusCode);
        Assert.Equal(before, System.IO.Directory.EnumerateFiles(Path.Combine(disk.Directory, "multipart")).Count());

        using var fits = await client.CreateAsync(4L * MiB, Sage.Server.Tests.Tus.TusRequests.VideoMetadata);
        Assert.Equal(HttpStatusCode.Created, fits.StatusCode);
    }

    [Fact]
    public async Task Tus_Patch_That_Fills_The_Disk_Answers_507_Keeps_The_Offset_And_Gives_The_Room_Back()
    {
        Assert.True(disk.Mounted, "mount -t tmpfs failed (the test needs root)");
        await using var server = CreateServer();
        using var client = server.CreateHttpClient();
        var body = new byte[80 * MiB];
        await new FakeVideoStream(body.Length).ReadExactlyAsync(body);
        // A deferred length passes the creation check; the PATCH then fills the disk.
        var url = await client.CreateUploadAsync(length: null, TusRequests.VideoMetadata);
        var freeBefore = new DriveInfo(disk.Directory).AvailableFreeSpace;

        using (var full = await client.PatchAsync(url, 0, body))
        {
            Assert.Equal((HttpStatusCode)507, full.StatusCode);
            Assert.NotNull(full.Headers.RetryAfter);
        }

        using var head = await client.HeadAsync(url);
        Assert.Equal(HttpStatusCode.OK, head.StatusCode);
        var offset = long.Parse(head.Headers.GetValues("Upload-Offset").Single(), CultureInfo.InvariantCulture);
        Assert.InRange(offset, 0, 48L * MiB);
        // What the failed PATCH wrote past the offset it reports was cut back: the disk holds about the offset, not a full disk.
        var used = freeBefore - new DriveInfo(disk.Directory).AvailableFreeSpace;
        Assert.True(used <= offset + (2L * MiB), $"offset {offset}, {used} bytes still in use");

        // The upload resumes from that offset once it fits: here it is terminated, and everything is freed.
        using var deleted = await client.DeleteUploadAsync(url);
        Assert.Equal(HttpStatusCode.NoContent, deleted.StatusCode);
        Assert.True(freeBefore - new DriveInfo(disk.Directory).AvailableFreeSpace <= MiB);
    }
}
