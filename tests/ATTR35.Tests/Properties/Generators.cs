using System;
using System.Linq;
using CsCheck;

namespace ATTR35.Tests.Properties;

/// <summary>
/// Inputs the parsers meet in the wild and the ones an attacker or a broken export would send:
/// controls (CR, LF, NUL, DEL, NEL), separators and brackets the formats use, look-alike digits,
/// invisible and direction-changing characters, halves of surrogate pairs.
/// </summary>
internal static class Generators
{
    /// <summary>The characters that break parsers; mixed with plain ones by <see cref="Char"/>.</summary>
    public const string Hostile =
        "\0\t\r\n\v\f\u001b\u007f\u0085\u00a0\u2028\u2029\u200b\u200d\u202e\ufeff\ud800\udc00" +
        ".:[]<>@%/\\,;\"' *=+#-_()`$!?~{}|" +
        "\u0661\u0662\u0660\uff11\uff12\uff0e\u00b9\u0967\u2024\u3002\uff61" +
        "\u00fc\u00e9\u0131\u0130\u00df\u03a3\u0410\u4f8b";

    /// <summary>One character: usually plain ASCII, often hostile.</summary>
    public static readonly Gen<char> Char = Gen.Frequency(
        (4, Gen.Char["abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789.-:"]),
        (3, Gen.Char[Hostile]),
        (1, Gen.Char));

    /// <summary>A string of up to 40 such characters.</summary>
    public static readonly Gen<string> String = Char.Array[0, 40].Select(a => new string(a));

    /// <summary>A host name label: letters, digits, inner hyphens.</summary>
    public static readonly Gen<string> Label = Gen.Select(
        Gen.Char["abcdefghijklmnopqrstuvwxyz0123456789"],
        Gen.Char["abcdefghijklmnopqrstuvwxyz0123456789-"].Array[0, 10],
        Gen.Char["abcdefghijklmnopqrstuvwxyz"],
        (first, middle, last) => first + new string(middle) + last);

    /// <summary>A domain of two to four labels whose last label is letters only.</summary>
    public static readonly Gen<string> Domain = Gen.Select(Label.Array[1, 3], Gen.Char["abcdefghijklmnopqrstuvwxyz"].Array[2, 6],
        (labels, tld) => string.Join(".", labels) + "." + new string(tld));

    /// <summary>
    /// A valid value with hostile characters inserted, replaced or appended: the near misses that
    /// slip through a validator that only looks at the ends.
    /// </summary>
    public static Gen<string> Mutated(Gen<string> valid) =>
        Gen.Select(valid, Char.Array[1, 3], Gen.Int[0, 1000], Gen.Int[0, 3], (text, inserted, at, how) =>
        {
            var position = text.Length == 0 ? 0 : at % (text.Length + 1);
            var extra = new string(inserted);
            return how switch
            {
                0 => text.Insert(position, extra),
                1 => position < text.Length ? text.Remove(position, 1).Insert(position, extra) : text + extra,
                2 => text + "\r\n" + extra,
                _ => extra + text,
            };
        });

    /// <summary>Either a hostile string or a mutated valid one.</summary>
    public static Gen<string> AnyOf(Gen<string> valid) => Gen.OneOf(String, Mutated(valid), valid);

    /// <summary>True when the text holds a character nothing on the wire or in a log should carry.</summary>
    public static bool HasUnsafeChar(string text) => text.Any(c => c < ' ' || c == '\u007f' || char.IsControl(c));
}
