// tap's coverage map: every test file is measured on the sources alone. Tests also run the built
// bundle (dist/main.js) as a process; its coverage would say nothing about the sources.
export default () => ['src/**/*.ts']
