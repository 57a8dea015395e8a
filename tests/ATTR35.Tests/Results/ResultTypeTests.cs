using System;
using System.Collections.Generic;
using System.Linq;
using System.Reflection;
using Xunit;

namespace ATTR35.Tests.Results;

public class ResultTypeTests
{
    private static readonly Type[] s_results = { typeof(MxRecordResult), typeof(SmartHostResult), typeof(InboundConnectorResult) };

    [Fact]
    public void Every_enum_in_a_result_is_64_bit_so_ConvertTo_Json_writes_its_name()
    {
        var enums = ReachableTypes().Where(t => t.IsEnum).ToList();
        Assert.Contains(typeof(CheckStatus), enums);
        Assert.Contains(typeof(Severity), enums);
        Assert.All(enums, e => Assert.Equal(typeof(long), Enum.GetUnderlyingType(e)));
    }

    [Fact]
    public void Results_hold_only_strings_scalars_and_module_types_so_they_serialize_small()
    {
        // No X509Certificate2, IPAddress or other framework object graph: those serialize huge or recursively.
        var allowed = new[] { typeof(string), typeof(int), typeof(long), typeof(bool), typeof(DateTime), typeof(TimeSpan) };
        foreach (var type in ReachableTypes().Where(t => !t.IsEnum))
        {
            Assert.True(type.Namespace == "ATTR35" || allowed.Contains(type), $"{type.FullName} is in a result");
        }
    }

    private static IEnumerable<Type> ReachableTypes()
    {
        var seen = new HashSet<Type>();
        var queue = new Queue<Type>(s_results);
        while (queue.Count > 0)
        {
            var type = queue.Dequeue();
            type = type.IsArray ? type.GetElementType()! : Nullable.GetUnderlyingType(type) ?? type;
            if (!seen.Add(type) || type.Namespace != "ATTR35" || type.IsEnum)
            {
                continue;
            }

            foreach (var property in type.GetProperties(BindingFlags.Public | BindingFlags.Instance))
            {
                queue.Enqueue(property.PropertyType);
            }
        }

        return seen;
    }
}
