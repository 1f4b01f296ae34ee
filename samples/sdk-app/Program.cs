using System.Globalization;
using DataTasks;

// Loads the model the build hydrated and copied next to the app, and scores the text given on the command line.
// Three ways to name an artifact, all checked at compile time against artifacts.json:
//   the typed tree generated from the manifest (a removed entry is a compile error),
//   DataArtifacts.Resolve with a constant path (a path in no manifest is warning DT0901),
//   DataArtifacts.Resolve with namespaceName: a namespace of export.json (the build copied it under extern/shared/; an app
//   without that copy hydrates it from the namespace on first use).
var modelPath = Artifacts.Data.Models.Sentiment_v1_model.Resolve();
var labels = File.ReadAllLines(DataArtifacts.Resolve("data/labels.txt")).Where(l => l.Length > 0).ToArray();
var stopwords = File.ReadAllLines(DataArtifacts.Resolve("data/stopwords.txt", namespaceName: "shared")).ToHashSet(StringComparer.OrdinalIgnoreCase);
var weights = new Dictionary<string, double>(StringComparer.OrdinalIgnoreCase);
var lines = File.ReadAllLines(modelPath).Where(l => l.Length > 0 && !l.StartsWith('#')).ToArray();
if (lines.Length == 0 || lines[0] != "DTMODEL 1")
{
    Console.Error.WriteLine($"{modelPath} is not a DTMODEL 1 file");
    return 1;
}

foreach (var line in lines.Skip(1))
{
    var parts = line.Split(' ', 2);
    weights[parts[0]] = double.Parse(parts[1], CultureInfo.InvariantCulture);
}

var text = args.Length > 0 ? string.Join(' ', args) : "reproducible builds are great, flaky downloads are not";
var words = text.Split([' ', ',', '.', '!', '?'], StringSplitOptions.RemoveEmptyEntries).Where(w => !stopwords.Contains(w)).ToList();
var score = words.Sum(w => weights.GetValueOrDefault(w));
var label = labels[score < 0 ? 0 : score == 0 ? 1 : 2];
Console.WriteLine($"model: {Artifacts.Data.Models.Sentiment_v1_model.Path} ({weights.Count} weights), {stopwords.Count} stopwords from namespace shared");
Console.WriteLine($"\"{text}\" -> {label} (score {score.ToString("0.0", CultureInfo.InvariantCulture)})");
return 0;
