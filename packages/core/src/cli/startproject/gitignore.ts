/** .gitignore: what npm and the build write. */
export const gitignore = (): string => ['node_modules/', 'dist/', '*.log', '*.log.[0-9]*', '*.tsbuildinfo', ''].join('\n');
