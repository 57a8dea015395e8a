#if NETFRAMEWORK
namespace System;

/// <summary>
/// What the compiler needs for <c>list[^1]</c> on .NET Framework, which has no System.Index:
/// only the from-end form the tests use.
/// </summary>
internal readonly struct Index
{
    private readonly int _value;

    public Index(int value, bool fromEnd = false)
    {
        if (value < 0)
        {
            throw new ArgumentOutOfRangeException(nameof(value));
        }

        _value = fromEnd ? ~value : value;
    }

    public int GetOffset(int length) => _value < 0 ? length + _value + 1 : _value;

    public static implicit operator Index(int value) => new(value);
}
#endif
