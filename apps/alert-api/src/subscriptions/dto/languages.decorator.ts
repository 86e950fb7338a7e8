import { applyDecorators } from '@nestjs/common';
import { ApiProperty } from '@nestjs/swagger';
import { ArrayMaxSize, ArrayMinSize, IsArray, IsString, Matches } from 'class-validator';
import { MAX_SUBSCRIBER_LANGUAGES } from '@childalert/audience';

/** `languages`: ISO 639-1 codes in the subscriber's order of preference. */
export function IsLanguageList(): PropertyDecorator {
  return applyDecorators(
    ApiProperty({ example: ['el', 'en'], description: 'ISO 639-1 codes, preferred first' }),
    IsArray(),
    ArrayMinSize(1),
    ArrayMaxSize(MAX_SUBSCRIBER_LANGUAGES),
    IsString({ each: true }),
    Matches(/^[A-Za-z]{2}$/, {
      each: true,
      message: 'languages must hold ISO 639-1 codes such as "el" or "en"',
    }),
  );
}
