namespace Sage.Bench.Evaluation;

/// <summary>
/// 30 s synthetic sources (ffmpeg lavfi), 25 fps, each with a sound of its own, written once into
/// <c>&lt;root&gt;/_sources/</c> and shared by both splits.
/// </summary>
/// <remarks>
/// Texture-like sources (cellular automaton, noise, colour bars) get a slow colour drift so that their clips differ
/// from one another over time, as real footage does; without it every clip of such a source looks alike and an
/// insertion or removal has no single right place.
/// </remarks>
internal sealed class SyntheticSources(string folder)
{
    public const double Duration = 30;

    public const int Frames = (int)(Duration * Media.FrameRate);

    /// <summary>The sources' names, in a fixed order.</summary>
    public static readonly string[] Names = ["testsrc2", "mandelbrot", "life", "cellauto", "smptehdbars", "gradients", "geq", "noise"];

    public string Folder { get; } = folder;

    private static (string Video, string Audio) Graph(string name, string size) => name switch
    {
        "testsrc2" => ($"testsrc2=size={size}:rate=25", "aevalsrc=0.2*sin(2*PI*(200+15*t)*t):s=48000"),
        "mandelbrot" => ($"mandelbrot=size={size}:rate=25", "anoisesrc=color=pink:amplitude=0.2:sample_rate=48000:seed=11"),
        "life" => ($"life=size={size}:rate=25:mold=10:ratio=0.1:seed=7:death_color=#C83232:life_color=#00ff00:mold_color=#204060",
            "sine=frequency=660:beep_factor=3:sample_rate=48000"),
        "cellauto" => ($"cellauto=size={size}:rate=25:rule=110:seed=3:random_fill_ratio=0.5,format=yuv420p,geq=lum='lum(X,Y)':cb='128+70*sin(2*PI*T/25)':cr='128+70*cos(2*PI*T/25)'",
            "aevalsrc=0.15*sin(2*PI*330*t)*(0.6+0.4*sin(2*PI*0.5*t))+0.1*sin(2*PI*495*t):s=48000"),
        "smptehdbars" => ($"smptehdbars=size={size}:rate=25,hue=H=2*PI*t/15", "anoisesrc=color=brown:amplitude=0.3:sample_rate=48000:seed=5"),
        "gradients" => ($"gradients=size={size}:rate=25:speed=0.03:seed=5", "aevalsrc=0.2*sin(2*PI*(880-12*t)*t):s=48000"),
        "geq" => ($"nullsrc=size={size}:rate=25,format=yuv420p,geq=lum='128+90*sin(X/12+T*2)*cos(Y/9-T*1.3)':cb='128+60*sin(T/3)':cr='128+60*cos(T/4)',noise=alls=20:allf=t",
            "sine=frequency=440:beep_factor=2:sample_rate=48000"),
        "noise" => ($"color=c=0x406080:size={size}:rate=25,noise=alls=40:allf=t+u,hue=H=2*PI*t/20:s=2", "anoisesrc=color=white:amplitude=0.1:sample_rate=48000:seed=3"),
        _ => throw new ArgumentException($"No synthetic source '{name}'.", nameof(name)),
    };

    /// <summary>The source's file (320x240 unless <paramref name="size"/> says otherwise), generated on first use.</summary>
    public async Task<string> GetAsync(string name, CancellationToken cancellationToken, string size = "320x240")
    {
        Directory.CreateDirectory(Folder);
        var path = Path.Combine(Folder, size == "320x240" ? $"{name}.mp4" : $"{name}-{size}.mp4");
        var (video, audio) = Graph(name, size);
        await Media.CreateOnceAsync(path, tmp => Ffmpeg.RunAsync(
            ["-f", "lavfi", "-i", video, "-f", "lavfi", "-i", audio, "-t", Media.Seconds(Duration), "-map", "0:v", "-map", "1:a", .. Media.Encode, tmp], cancellationToken));
        return path;
    }

    /// <summary>A 5 s clip of black and silence (leaders take the first frames).</summary>
    public async Task<string> BlackAsync(CancellationToken cancellationToken)
    {
        Directory.CreateDirectory(Folder);
        var path = Path.Combine(Folder, "black.mp4");
        await Media.CreateOnceAsync(path, tmp => Ffmpeg.RunAsync(
            ["-f", "lavfi", "-i", "color=c=black:size=320x240:rate=25", "-f", "lavfi", "-i", "anullsrc=r=48000:cl=mono", "-t", "5", .. Media.Encode, tmp], cancellationToken));
        return path;
    }

    /// <summary>A 5 s slate card: grey, production text, a 1 kHz tone.</summary>
    public async Task<string> SlateAsync(CancellationToken cancellationToken)
    {
        Directory.CreateDirectory(Folder);
        var path = Path.Combine(Folder, "slate.mp4");
        var text = Media.Font is { } font
            ? $",drawtext=fontfile={font}:text='SAGE PROD 0412':fontsize=24:fontcolor=white:x=(w-text_w)/2:y=80,drawtext=fontfile={font}:text='SCENE 12  TAKE 3':fontsize=20:fontcolor=white:x=(w-text_w)/2:y=130"
            : ",drawbox=x=40:y=80:w=240:h=60:color=white:t=fill";
        await Media.CreateOnceAsync(path, tmp => Ffmpeg.RunAsync(
            ["-f", "lavfi", "-i", "color=c=0x505050:size=320x240:rate=25" + text, "-f", "lavfi", "-i", "sine=frequency=1000:sample_rate=48000", "-t", "5", .. Media.Encode, tmp], cancellationToken));
        return path;
    }
}
