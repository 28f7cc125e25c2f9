/**
 * The console's entry: defines the elements every session needs and nothing else; index.html puts
 * `<maemanee-console>` on the page. The owner's views come in a chunk of their own (./owner.ts), which staff phones
 * never load.
 */
import { ConsoleApp } from './app.ts';
import { define } from './define.ts';
import { TodayView } from './views/today.ts';

define({ 'console-today': TodayView, 'maemanee-console': ConsoleApp });
