// The project's formatting (issue 37): Prettier, 120 columns, held by `npm run lint` (`prettier --check`).
// `npm run format` writes it. Code only: Markdown tables and the generated pages keep the shape their generators
// write; data (recorded/, bots/, builds/) keeps the shape of where it came from (.prettierignore).
export default {
  printWidth: 120,
  singleQuote: true,
  trailingComma: 'all',
  arrowParens: 'always',
};
