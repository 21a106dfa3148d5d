// Reads {"name": "statement", ...} as JSON on stdin and prints, as JSON,
// {"name": {"errors": [...], "warnings": [...]}} for every statement about which Neo4j's
// parser or semantic analysis has something to say (errors: it would be refused; warnings:
// deprecations and performance hints). Undeclared $parameters are not errors: they come at run time.
import { lintCypherQuery } from '@neo4j-cypher/language-support';

const ERROR = 1;
const WARNING = 2;
let input = '';
process.stdin.setEncoding('utf8');
process.stdin.on('data', (chunk) => { input += chunk; });
process.stdin.on('end', () => {
  const statements = JSON.parse(input);
  const findings = {};
  for (const [name, query] of Object.entries(statements)) {
    const { diagnostics } = lintCypherQuery(query, {});
    const messages = (severity) => [...new Set(diagnostics
      .filter((d) => d.severity === severity && !/^Parameter \$\w+ is not defined/.test(d.message))
      .map((d) => d.message))];
    const errors = messages(ERROR);
    const warnings = messages(WARNING);
    if (errors.length || warnings.length) findings[name] = { errors, warnings };
  }
  process.stdout.write(JSON.stringify(findings));
});
