// Compiled by Scale.Tests.ps1 with Add-Type: a DNS server over UDP on loopback whose latency and
// answers the test chooses by name, and which counts every question it is asked. BIND cannot be
// told to answer one name late; the scale tests need exactly that to show that results keep
// input order while later items finish first, and that nothing is still sent after a stop.
//
// Names (any zone):
//   fast-<n>.<zone>  MX 0 t<n mod 4>.mail.protection.outlook.com., at once
//   slow-<n>.<zone>  the same, after 40 + (n * 53 mod 260) ms
//   gone-<n>.<zone>  NXDOMAIN
//   fail-<n>.<zone>  SERVFAIL
//   hang-<n>.<zone>  never answered
//   anything else    A 192.0.2.<n>, AAAA 2001:db8::1 (the MX targets), at once
using System;
using System.Collections.Concurrent;
using System.Collections.Generic;
using System.Net;
using System.Net.Sockets;
using System.Text;
using System.Threading;
using System.Threading.Tasks;

namespace ATTR35.PesterLab
{
    public sealed class ScriptedDnsServer : IDisposable
    {
        private readonly UdpClient _socket;
        private readonly ConcurrentDictionary<string, int> _asked = new ConcurrentDictionary<string, int>(StringComparer.OrdinalIgnoreCase);
        private int _received;

        public ScriptedDnsServer()
        {
            _socket = new UdpClient(new IPEndPoint(IPAddress.Loopback, 0));
            _socket.Client.ReceiveBufferSize = 1 << 20;
            Task.Run(ServeAsync);
        }

        /// <summary>address:port, for -Server.</summary>
        public string Endpoint
        {
            get { return _socket.Client.LocalEndPoint.ToString(); }
        }

        /// <summary>Every datagram received, retransmissions included.</summary>
        public int Received
        {
            get { return Volatile.Read(ref _received); }
        }

        /// <summary>How often "TYPE name" was asked.</summary>
        public int Count(string type, string name)
        {
            int count;
            return _asked.TryGetValue(type + " " + name.TrimEnd('.'), out count) ? count : 0;
        }

        /// <summary>Every question asked, as "TYPE name" and how often.</summary>
        public IDictionary<string, int> Asked
        {
            get { return new Dictionary<string, int>(_asked, StringComparer.OrdinalIgnoreCase); }
        }

        private async Task ServeAsync()
        {
            while (true)
            {
                UdpReceiveResult request;
                try
                {
                    request = await _socket.ReceiveAsync();
                }
                catch (ObjectDisposedException)
                {
                    return;
                }
                catch (SocketException)
                {
                    continue;
                }

                Interlocked.Increment(ref _received);
                _ = AnswerAsync(request.Buffer, request.RemoteEndPoint);
            }
        }

        private async Task AnswerAsync(byte[] query, IPEndPoint client)
        {
            if (query.Length < 17)
            {
                return;
            }

            int end;
            var name = ReadName(query, 12, out end);
            var type = (query[end] << 8) | query[end + 1];
            var typeName = type == 15 ? "MX" : type == 1 ? "A" : type == 28 ? "AAAA" : type.ToString();
            _asked.AddOrUpdate(typeName + " " + name, 1, (_, n) => n + 1);

            var label = name.Split('.')[0];
            var dash = label.IndexOf('-');
            var kind = dash > 0 ? label.Substring(0, dash) : label;
            int number;
            if (dash < 0 || !int.TryParse(label.Substring(dash + 1), out number))
            {
                number = 1;
            }

            var question = new byte[end + 4 - 12];
            Array.Copy(query, 12, question, 0, question.Length);
            byte[] reply;
            switch (kind)
            {
                case "hang":
                    return;
                case "gone":
                    reply = Message(query, question, 3, null);
                    break;
                case "fail":
                    reply = Message(query, question, 2, null);
                    break;
                case "fast":
                case "slow":
                    if (kind == "slow")
                    {
                        await Task.Delay(40 + (number * 53 % 260));
                    }

                    reply = Message(query, question, 0, type == 15 ? Mx("t" + (number % 4) + ".mail.protection.outlook.com") : null);
                    break;
                default:
                    byte[] data = null;
                    if (type == 1)
                    {
                        data = Record(1, new byte[] { 192, 0, 2, (byte)(1 + Math.Abs(name.GetHashCode()) % 250) });
                    }
                    else if (type == 28)
                    {
                        data = Record(28, IPAddress.Parse("2001:db8::1").GetAddressBytes());
                    }

                    reply = Message(query, question, 0, data);
                    break;
            }

            try
            {
                await _socket.SendAsync(reply, reply.Length, client);
            }
            catch (ObjectDisposedException)
            {
            }
            catch (SocketException)
            {
            }
        }

        private static byte[] Mx(string exchange)
        {
            var rdata = new List<byte> { 0, 0 };
            rdata.AddRange(EncodeName(exchange));
            return Record(15, rdata.ToArray());
        }

        // One answer record owned by the question's name (a pointer to offset 12).
        private static byte[] Record(int type, byte[] rdata)
        {
            var record = new List<byte> { 0xC0, 12, (byte)(type >> 8), (byte)type, 0, 1, 0, 0, 0x0E, 0x10, (byte)(rdata.Length >> 8), (byte)rdata.Length };
            record.AddRange(rdata);
            return record.ToArray();
        }

        private static byte[] Message(byte[] query, byte[] question, int rcode, byte[] answer)
        {
            var message = new List<byte>
            {
                query[0], query[1], (byte)(0x84 | (query[2] & 0x01)), (byte)(0x80 | rcode),
                0, 1, 0, (byte)(answer == null ? 0 : 1), 0, 0, 0, 0,
            };
            message.AddRange(question);
            if (answer != null)
            {
                message.AddRange(answer);
            }

            return message.ToArray();
        }

        private static IEnumerable<byte> EncodeName(string name)
        {
            foreach (var label in name.TrimEnd('.').Split('.'))
            {
                yield return (byte)label.Length;
                foreach (var b in Encoding.ASCII.GetBytes(label))
                {
                    yield return b;
                }
            }

            yield return 0;
        }

        private static string ReadName(byte[] message, int offset, out int end)
        {
            var labels = new List<string>();
            while (message[offset] != 0)
            {
                labels.Add(Encoding.ASCII.GetString(message, offset + 1, message[offset]).ToLowerInvariant());
                offset += message[offset] + 1;
            }

            end = offset + 1;
            return string.Join(".", labels);
        }

        public void Dispose()
        {
            _socket.Dispose();
        }
    }
}
