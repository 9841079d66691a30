import './styles/app.css';
import './styles/reader-comfort.css';
import { askForFirstPage } from './lib/state/first-page';

// The library's first rows are asked for before the app's code loads and runs: on a slow
// machine that is most of the time until they are on screen.
askForFirstPage();
void import('./boot').then(({ boot }) => boot());
