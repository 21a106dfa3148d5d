// Reads {"name": "statement", ...} as JSON on stdin and prints, as JSON,
// {"name": ["message", ...]} for every statement Neo4j's parser or semantic
// analysis rejects. Undeclared $parameters are not errors: they come at run time.
import { lintCypherQuery } from '@neo4j-cypher/language-support';

let input = '';
process.stdin.setEncoding('utf8');
process.stdin.on('data', (chunk) => { input += chunk; });
process.stdin.on('end', () => {
  const statements = JSON.parse(input);
  const problems = {};
  for (const [name, query] of Object.entries(statements)) {
    const { diagnostics } = lintCypherQuery(query, {});
    const errors = diagnostics
      .filter((d) => d.severity === 1 && !/^Parameter \$\w+ is not defined/.test(d.message))
      .map((d) => d.message);
    if (errors.length) problems[name] = errors;
  }
  process.stdout.write(JSON.stringify(problems));
});
