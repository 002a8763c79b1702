/** The roster's JSON reader: JSON.parse's verdict and value, plus positions, duplicate keys and syntax errors in words. */
import assert from "node:assert/strict";
import fc from "fast-check";
import { JsonSyntaxError, parseJson, positionOf } from "../../../provider/roster/json";

function syntaxError(text: string): { reason: string; line: number; column: number } {
  try {
    parseJson(text);
  } catch (e) {
    assert.ok(e instanceof JsonSyntaxError, String(e));
    return { reason: e.reason, ...positionOf(text, e.offset) };
  }
  assert.fail(`parsed: ${text}`);
}

describe("roster JSON reader", () => {
  it("agrees with JSON.parse on every JSON document, however it is laid out (property)", () => {
    fc.assert(
      fc.property(fc.jsonValue(), fc.constantFrom(undefined, 0, 2, "\t", " \r\n "), (value, indent) => {
        const text = JSON.stringify(value, null, indent as never);
        assert.deepEqual(parseJson(text).value, JSON.parse(text));
      }),
      { numRuns: 300 },
    );
  });

  it("refuses exactly what JSON.parse refuses, on damaged documents (property)", () => {
    fc.assert(
      fc.property(fc.jsonValue(), fc.nat(), fc.constantFrom("", ",", "}", "]", '"', "'", "\\", "\n", "x", "1"), (value, at, insert) => {
        const whole = JSON.stringify(value, null, 1);
        const cut = at % (whole.length + 1);
        const text = whole.slice(0, cut) + insert + whole.slice(cut + (insert ? 0 : 1));
        let refused = false;
        try {
          JSON.parse(text);
        } catch {
          refused = true;
        }
        let ours = false;
        try {
          parseJson(text);
        } catch (e) {
          assert.ok(e instanceof JsonSyntaxError);
          ours = true;
        }
        assert.equal(ours, refused, JSON.stringify(text));
      }),
      { numRuns: 500 },
    );
  });

  const errors: [string, string, { reason: RegExp; line: number; column: number }][] = [
    ["a comma after the last member", '{\n  "a": 1,\n}', { reason: /comma before '}'/, line: 2, column: 9 }],
    ["a comma after the last element", '{"a": [1, 2, ]}', { reason: /comma before ']'/, line: 1, column: 12 }],
    [
      "a missing comma",
      '{\n  "a": 1\n  "b": 2\n}',
      { reason: /expected ',' or '}' after the value of "a", found '"'/, line: 3, column: 3 },
    ],
    ["a key without quotes", "{\n  a: 1\n}", { reason: /expected a key in double quotes, found 'a'/, line: 2, column: 3 }],
    ["single quotes", "{\"a\": 'x'}", { reason: /single quotes/, line: 1, column: 7 }],
    ["an unclosed string", '{"a": "x}', { reason: /never closed/, line: 1, column: 7 }],
    ["a line break in a string", '{"a": "x\ny"}', { reason: /line break inside a string/, line: 1, column: 9 }],
    ["a bad escape", '{"a": "C:\\dir"}', { reason: /invalid escape "\\\\d"/, line: 1, column: 10 }],
    ["the end of the file", '{"people": [', { reason: /found the end of the file/, line: 1, column: 13 }],
    ["something after the document", '{"a": 1} x', { reason: /unexpected 'x' after the end of the document/, line: 1, column: 10 }],
    ["an empty file", "", { reason: /expected a value.*found the end of the file/, line: 1, column: 1 }],
    ["a control character", '{"a": \u0001}', { reason: /U\+0001/, line: 1, column: 7 }],
    ["CRLF line ends", '{\r\n  "a": 1,\r\n}', { reason: /comma before '}'/, line: 2, column: 9 }],
  ];
  for (const [what, text, expected] of errors) {
    it(`a syntax error says where and what: ${what}`, () => {
      const { reason, line, column } = syntaxError(text);
      assert.match(reason, expected.reason);
      assert.deepEqual({ line, column }, { line: expected.line, column: expected.column });
    });
  }

  it("nesting deeper than a roster needs is an error, not a stack overflow", () => {
    assert.match(syntaxError("[".repeat(100_000)).reason, /nested more than 64 deep/);
  });

  it("skips a byte-order mark, keeps a key named __proto__ as data", () => {
    const parsed = parseJson('\uFEFF{"__proto__": {"x": 1}}').value as Record<string, unknown>;
    assert.deepEqual(Object.keys(parsed), ["__proto__"]);
    assert.equal(Object.getPrototypeOf(parsed), Object.prototype);
  });

  it("knows where each key and element starts, and which keys are given twice", () => {
    const text = '{\n  "people": [\n    { "name": "a", "name": "b" }\n  ]\n}';
    const parsed = parseJson(text);
    assert.deepEqual(positionOf(text, parsed.offsetOf(["people"])!), { line: 2, column: 3 });
    assert.deepEqual(positionOf(text, parsed.offsetOf(["people", 0])!), { line: 3, column: 5 });
    assert.deepEqual(positionOf(text, parsed.offsetOf(["people", 0, "name"])!), { line: 3, column: 20 });
    assert.deepEqual(parsed.duplicates, [{ path: ["people", 0, "name"], first: text.indexOf('"name"') }]);
    assert.deepEqual(parsed.value, { people: [{ name: "b" }] });
  });
});
