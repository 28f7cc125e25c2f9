'use client';
// app/pay.tsx: the element runs in the browser, so a client component loads it once mounted.
import { useEffect } from 'react';

export default function Pay({ order }: { order: string }) {
  useEffect(() => {
    void import('maemanee-pay');
  }, []);
  // NEXT_PUBLIC_MAEMANEE_ENDPOINT, in .env.local: your proxy's URL, e.g. https://maemanee-pay.example.workers.dev
  return <maemanee-pay endpoint={process.env.NEXT_PUBLIC_MAEMANEE_ENDPOINT!} order={order} />;
}
