using System.Globalization;

// Loads the model the build hydrated and copied next to the app, and scores the text given on the command line.
var baseDir = AppContext.BaseDirectory;
var modelPath = Path.Join(baseDir, "data", "models", "sentiment-v1.model");
var labels = File.ReadAllLines(Path.Join(baseDir, "data", "labels.txt")).Where(l => l.Length > 0).ToArray();
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
var score = text.Split([' ', ',', '.', '!', '?'], StringSplitOptions.RemoveEmptyEntries).Sum(w => weights.GetValueOrDefault(w));
var label = labels[score < 0 ? 0 : score == 0 ? 1 : 2];
Console.WriteLine($"model: data/models/sentiment-v1.model ({weights.Count} weights)");
Console.WriteLine($"\"{text}\" -> {label} (score {score.ToString("0.0", CultureInfo.InvariantCulture)})");
return 0;
