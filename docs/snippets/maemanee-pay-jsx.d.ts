// src/maemanee-pay.d.ts: the tag in React's JSX (and so in Next.js), with its attributes and typed events.
import type { MaemaneePay, MaemaneePayEventMap } from 'maemanee-pay';

type Listeners = { [E in keyof MaemaneePayEventMap as `on${E}`]?: (event: MaemaneePayEventMap[E]) => void };

declare module 'react' {
  namespace JSX {
    interface IntrinsicElements {
      'maemanee-pay': React.DetailedHTMLProps<React.HTMLAttributes<MaemaneePay>, MaemaneePay> &
        Listeners & {
          endpoint: string;
          amount?: number | string;
          ref1?: string;
          order?: string;
          autostart?: boolean;
          poll?: number | string;
          'return-url'?: string;
        };
    }
  }
}
