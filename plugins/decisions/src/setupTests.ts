import '@testing-library/jest-dom';
import { configure } from '@testing-library/react';

// pages render slower when every core is busy: wait up to 10 s for what
// should appear (findBy*, waitFor) instead of Testing Library's 1 s
configure({ asyncUtilTimeout: 10_000 });
