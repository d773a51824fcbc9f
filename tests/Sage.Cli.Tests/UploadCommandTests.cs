using System.Diagnostics;
using System.Net.Http.Json;
using System.Text.Json;

namespace Sage.Cli.Tests;

public sealed class UploadCommandTests : IDisposable
{
    private readonly SageServerFactory _server = new();
    private readonly TestVideos _videos = new();
    private readonly string _state = Directory.CreateTempSubdirectory("sage-cli-state-").FullName;

    [Fact]
    public async Task Upload_Prints_The_Video_Id_And_Stores_The_Bytes_Exactly()
    {
        var path = await _videos.TestPatternAsync(2);
        var result = await CliRun.RunAsync(_server.BaseAddress, _state, "upload", "--chunk-size", "65536", path);
        Assert.True(result.ExitCode == 0, result.Error);
        var id = Guid.Parse(result.Out.Split('\t')[0]);
        using var http = _server.CreateHttpClient();
        Assert.Equal(await File.ReadAllBytesAsync(path), await http.GetByteArrayAsync($"/api/videos/{id}/content"));
    }

    [Fact]
    public async Task Parallel_4_Uploads_8_Files()
    {
        var paths = new List<string>();
        for (var i = 0; i < 8; i++)
        {
            paths.Add(await _videos.TestPatternAsync(1 + (i * 0.2), $"clip{i}.mp4"));
        }

        var result = await CliRun.RunAsync(_server.BaseAddress, _state, ["upload", "--parallel", "4", "--chunk-size", "65536", .. paths]);
        Assert.True(result.ExitCode == 0, result.Error);
        var lines = result.Out.Split('\n', StringSplitOptions.RemoveEmptyEntries);
        Assert.Equal(8, lines.Length);
        using var http = _server.CreateHttpClient();
        foreach (var line in lines)
        {
            var parts = line.Split('\t');
            Assert.Equal(await File.ReadAllBytesAsync(parts[1]), await http.GetByteArrayAsync($"/api/videos/{parts[0]}/content"));
        }
    }

    [Fact]
    public async Task A_Text_File_Is_Refused_Before_A_Byte_Is_Sent()
    {
        var path = Path.Combine(_videos.Directory, "notes.mp4");
        await File.WriteAllTextAsync(path, "these are not the frames you are looking for");
        var result = await CliRun.RunAsync(_server.BaseAddress, _state, "upload", path);
        Assert.Equal(2, result.ExitCode);
        Assert.Contains("not a video", result.Error, StringComparison.Ordinal);
        using var http = _server.CreateHttpClient();
        Assert.Equal(0, (await http.GetFromJsonAsync<JsonElement>("/api/videos")).GetArrayLength());
    }

    [Fact]
    public async Task A_Server_Problem_Is_Shown_As_Title_And_Detail_With_Exit_3()
    {
        var result = await CliRun.RunAsync(_server.BaseAddress, _state, "show", Guid.Empty.ToString());
        Assert.Equal(3, result.ExitCode);
        Assert.Equal($"error: Video not found: There is no video with id {Guid.Empty}.", result.Error.Trim());
    }

    [Fact]
    public async Task Unreachable_Server_Is_Exit_3_And_A_Bad_Option_Is_Exit_2()
    {
        Assert.Equal(3, (await CliRun.RunAsync(new Uri("http://127.0.0.1:1/"), _state, "ls")).ExitCode);
        Assert.Equal(2, (await CliRun.RunAsync(_server.BaseAddress, _state, "ls", "--format", "xml")).ExitCode);
    }

    [Fact]
    public async Task Non_Terminal_Output_Has_No_Escape_Codes()
    {
        var path = await _videos.TestPatternAsync(1);
        var upload = await CliRun.RunAsync(_server.BaseAddress, _state, "upload", path);
        var list = await CliRun.RunAsync(_server.BaseAddress, _state, "ls");
        foreach (var text in new[] { upload.Out, upload.Error, list.Out, list.Error })
        {
            Assert.DoesNotContain('\u001b', text);
        }

        Assert.Contains("upload pattern.mp4:", upload.Error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Sigkill_Mid_Upload_Then_Rerun_Resumes_From_The_Servers_Offset_Byte_Exact()
    {
        // Lossless, so the file is large enough (tens of MB) that 64 KiB chunks take a while.
        var path = await _videos.FfmpegAsync("big.mkv", ["-f", "lavfi", "-i", "testsrc2=size=640x480:rate=25:duration=4", "-c:v", "libx264", "-preset", "ultrafast", "-qp", "0"]);
        var length = new FileInfo(path).Length;

        using (var first = StartCli("upload", "--chunk-size", "65536", path))
        {
            var killed = new TaskCompletionSource();
            first.ErrorDataReceived += (_, e) =>
            {
                if (e.Data is { } line && line.Contains("(1", StringComparison.Ordinal) && !killed.Task.IsCompleted)
                {
                    first.Kill();
                    killed.TrySetResult();
                }
            };
            first.BeginErrorReadLine();
            await killed.Task.WaitAsync(TimeSpan.FromSeconds(60));
            await first.WaitForExitAsync();
        }

        using var second = StartCli("upload", "--chunk-size", "1048576", path);
        var stderr = second.StandardError.ReadToEndAsync();
        var stdout = await second.StandardOutput.ReadToEndAsync();
        await second.WaitForExitAsync();
        Assert.True(second.ExitCode == 0, await stderr);

        // The second run's first line is where the server had got to, not zero.
        var firstLine = (await stderr).Split('\n')[0];
        var resumedAt = long.Parse(firstLine.Split(": ")[1].Split('/')[0], System.Globalization.CultureInfo.InvariantCulture);
        Assert.InRange(resumedAt, 1, length - 1);

        using var http = _server.CreateHttpClient();
        Assert.Equal(await File.ReadAllBytesAsync(path), await http.GetByteArrayAsync($"/api/videos/{stdout.Split('\t')[0]}/content"));
        Assert.Single((await http.GetFromJsonAsync<JsonElement>("/api/videos")).EnumerateArray());
    }

    private Process StartCli(params string[] args)
    {
        var start = new ProcessStartInfo("dotnet") { RedirectStandardError = true, RedirectStandardOutput = true };
        start.ArgumentList.Add(Path.Combine(AppContext.BaseDirectory, "sage.dll"));
        foreach (var arg in args)
        {
            start.ArgumentList.Add(arg);
        }

        start.Environment["SAGE_URL"] = _server.BaseAddress.ToString();
        start.Environment["SAGE_STATE_DIR"] = _state;
        return Process.Start(start)!;
    }

    public void Dispose()
    {
        _server.Dispose();
        _videos.Dispose();
        Directory.Delete(_state, recursive: true);
    }
}
